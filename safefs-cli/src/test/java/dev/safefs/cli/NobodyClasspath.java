package dev.safefs.cli;

import dev.safefs.testing.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Running the CLI as an unprivileged user (uid 65534) from root: the test classpath lives under /root, which nobody
 * cannot read, so it is copied to a world-readable place first.
 */
final class NobodyClasspath {
  private NobodyClasspath() {}

  static Path copy(Path into) throws IOException {
    Files.createDirectories(into);
    List<String> entries = new ArrayList<>();
    int i = 0;
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path src = Path.of(e);
      if (!Files.exists(src)) {
        continue;
      }
      Path dst = into.resolve(i++ + "-" + src.getFileName());
      if (Files.isDirectory(src)) {
        try (Stream<Path> s = Files.walk(src)) {
          for (Path p : (Iterable<Path>) s::iterator) {
            Path t = dst.resolve(src.relativize(p).toString());
            if (Files.isDirectory(p)) {
              Files.createDirectories(t);
            } else {
              Files.copy(p, t);
            }
          }
        }
      } else {
        Files.copy(src, dst);
      }
      entries.add(dst.toString());
    }
    try (Stream<Path> s = Files.walk(into)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Files.setAttribute(p, "unix:mode", Files.isDirectory(p) ? 0755 : 0644);
      }
    }
    Files.writeString(into.resolve("classpath"), String.join(File.pathSeparator, entries));
    return into;
  }

  static List<String> asNobody(Path copied, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
    List<String> java = ChildJvm.command(List.of(), Main.class, args);
    int cp = java.indexOf("-cp");
    java.set(cp + 1, Files.readString(copied.resolve("classpath")));
    cmd.addAll(java);
    return cmd;
  }
}
