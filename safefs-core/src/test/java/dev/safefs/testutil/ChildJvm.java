package dev.safefs.testutil;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Child JVMs for tests: the running JVM's java and class path, native access on, the same OS layer. */
public final class ChildJvm {
  private ChildJvm() {}

  public static List<String> command(Class<?> main, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    String os = System.getProperty("safefs.os");
    if (os != null) {
      cmd.add("-Dsafefs.os=" + os);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }

  public static ProcessBuilder builder(Class<?> main, String... args) {
    return new ProcessBuilder(command(main, args));
  }

  public static boolean onPath(String tool) {
    try {
      Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
