package dev.safefs.cli;

import picocli.CommandLine.Option;

/** Options every command takes. */
final class CommonOptions {
  @Option(names = "--json", description = "Print one JSON object on stdout.")
  boolean json;

  @Option(names = "--debug", description = "Print a stack trace with an error.")
  boolean debug;
}
