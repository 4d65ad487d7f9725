package dev.safefs.cli;

import dev.safefs.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs the real CLI in a child JVM, as a script would, and gives back its exit code and output. */
final class Cli {
  private Cli() {}

  static List<String> command(String... args) {
    return ChildJvm.command(List.of(), Main.class, args);
  }

  static List<String> command(List<String> jvmOptions, String... args) {
    return ChildJvm.command(jvmOptions, Main.class, args);
  }

  static ChildJvm.Result run(String stdin, String... args) throws Exception {
    return ChildJvm.run(command(args), stdin == null ? null : stdin.getBytes(StandardCharsets.UTF_8), 120);
  }

  static ChildJvm.Result run(byte[] stdin, String... args) throws Exception {
    return ChildJvm.run(command(args), stdin, 120);
  }

  /** The CLI command line as one shell-quoted string, for pipelines. */
  static String shell(String... args) {
    List<String> parts = new ArrayList<>();
    for (String a : command(args)) {
      parts.add("'" + a.replace("'", "'\\''") + "'");
    }
    return String.join(" ", parts);
  }
}
