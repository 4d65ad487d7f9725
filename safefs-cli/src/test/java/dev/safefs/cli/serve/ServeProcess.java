package dev.safefs.cli.serve;

import dev.safefs.cli.Main;
import dev.safefs.testing.ChildJvm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of {@code safefs serve} as bin/safefs runs it (same main class), in a child JVM. */
final class ServeProcess {
  private ServeProcess() {}

  static List<String> command(String... serveArgs) {
    return command(List.of(), serveArgs);
  }

  /** With extra JVM options, e.g. {@code -Dsafefs.os=portable} (later options win over ChildJvm's own). */
  static List<String> command(List<String> jvmOptions, String... serveArgs) {
    List<String> args = new ArrayList<>();
    args.add("serve");
    args.addAll(List.of(serveArgs));
    List<String> opts = new ArrayList<>(List.of("-Xmx256m"));
    opts.addAll(jvmOptions);
    return ChildJvm.command(opts, Main.class, args.toArray(String[]::new));
  }

  static ProcessBuilder builder(Path state, String... serveArgs) {
    ProcessBuilder pb = new ProcessBuilder(command(serveArgs));
    pb.environment().put("SAFEFS_STATE", state.toString());
    return pb;
  }
}
