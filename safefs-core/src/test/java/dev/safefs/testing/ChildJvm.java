package dev.safefs.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a JVM running a main class of the test classpath, on the same OS layer as the running tests. */
public final class ChildJvm {
  private ChildJvm() {}

  public static String java() {
    return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString());
  }

  /** The java command line for {@code mainClass}, with extra JVM options before the class. */
  public static List<String> command(List<String> jvmOptions, Class<?> mainClass, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Dsafefs.os=" + System.getProperty("safefs.os", "native"));
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** The java command line for {@code mainClass} with no extra JVM options. */
  public static List<String> command(Class<?> mainClass, String... args) {
    return command(List.of(), mainClass, args);
  }

  public static ProcessBuilder builder(Class<?> mainClass, String... args) {
    return new ProcessBuilder(command(mainClass, args));
  }

  /** Whether {@code tool} is on the PATH. */
  public static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (java.nio.file.Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** Runs {@code sh -c "<shellPrefix>; exec <java command>"} so a test can set umask or ulimit first. */
  public static List<String> viaShell(String shellPrefix, List<String> javaCommand) {
    StringBuilder sb = new StringBuilder(shellPrefix).append("; exec");
    for (String a : javaCommand) {
      sb.append(" '").append(a.replace("'", "'\\''")).append('\'');
    }
    return List.of("sh", "-c", sb.toString());
  }

  /** What a finished process printed and returned. */
  public record Result(int exitCode, String out, String err) {}

  public static Result run(List<String> command, byte[] stdin, long timeoutSeconds) throws IOException,
      InterruptedException {
    Process p = new ProcessBuilder(command).start();
    Thread feeder = Thread.ofVirtual().start(() -> {
      try (var in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin);
        }
      } catch (IOException ignored) {
        // the child may exit without reading
      }
    });
    var out = new java.io.ByteArrayOutputStream();
    var err = new java.io.ByteArrayOutputStream();
    Thread o = Thread.ofVirtual().start(() -> copy(p.getInputStream(), out));
    Thread e = Thread.ofVirtual().start(() -> copy(p.getErrorStream(), err));
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("child did not finish within " + timeoutSeconds + " s: " + command);
    }
    feeder.join();
    o.join();
    e.join();
    return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static void copy(java.io.InputStream in, java.io.OutputStream out) {
    try (in) {
      in.transferTo(out);
    } catch (IOException ignored) {
      // process ended
    }
  }
}
