package dev.safefs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** File facts the tests assert: mode bits, inode, owner. */
public final class Modes {
  private Modes() {}

  public static int mode(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  public static long inode(Path p) throws IOException {
    return (Long) Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
  }

  public static int uid(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  public static int gid(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
  }

  public static void chmod(Path p, int mode) throws IOException {
    Files.setAttribute(p, "unix:mode", mode);
  }

  public static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Names in {@code dir} that are safefs temps. */
  public static java.util.List<String> temps(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.map(x -> x.getFileName().toString()).filter(n -> n.endsWith(".safefs-tmp")).toList();
    }
  }
}
