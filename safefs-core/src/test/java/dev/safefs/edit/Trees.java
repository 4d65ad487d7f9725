package dev.safefs.edit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Test helpers: snapshot a tree (paths, bytes, exec bit), copy it, run a command. */
final class Trees {
  private Trees() {}

  /** Relative path -> hex of content plus "+x" when executable; directories as "dir/". .git is skipped. */
  static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        String rel = root.relativize(p).toString();
        if (rel.isEmpty() || rel.equals(".git") || rel.startsWith(".git/")) {
          continue;
        }
        if (Files.isDirectory(p)) {
          out.put(rel + "/", "dir");
        } else {
          String x = Files.getPosixFilePermissions(p).contains(PosixFilePermission.OWNER_EXECUTE) ? "+x" : "";
          out.put(rel, HexFormat.of().formatHex(Files.readAllBytes(p)) + x);
        }
      }
    }
    return out;
  }

  /** As {@link #snapshot} plus each file's inode: proves nothing was even rewritten. */
  static Map<String, String> snapshotWithInodes(Path root) throws IOException {
    Map<String, String> out = snapshot(root);
    for (Map.Entry<String, String> e : out.entrySet()) {
      if (!e.getKey().endsWith("/")) {
        e.setValue(e.getValue() + "@" + Files.getAttribute(root.resolve(e.getKey()), "unix:ino"));
      }
    }
    return out;
  }

  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        String rel = from.relativize(p).toString();
        if (rel.equals(".git") || rel.startsWith(".git/")) {
          continue;
        }
        Path t = to.resolve(rel);
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  /** Runs a command in {@code dir}; returns stdout. Exit codes other than those allowed fail. */
  static String run(Path dir, List<String> cmd, int... okCodes) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false);
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("HOME", dir.toString());
    pb.environment().put("LC_ALL", "C");
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + cmd);
    }
    int code = p.exitValue();
    boolean ok = code == 0;
    for (int c : okCodes) {
      ok |= code == c;
    }
    if (!ok) {
      throw new IOException(cmd + " exited " + code + ": " + err);
    }
    return new String(out, java.nio.charset.StandardCharsets.UTF_8);
  }

  static boolean has(String tool) {
    try {
      Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  static List<String> git(String... args) {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@example.com",
        "-c", "core.autocrlf=false", "-c", "core.quotepath=true", "-c", "commit.gpgsign=false"));
    cmd.addAll(List.of(args));
    return cmd;
  }
}
