package dev.safefs.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * Options every command takes. Annotated commands use it as a {@code @Mixin}; commands built with picocli's
 * programmatic API (for startup speed, see {@link Main}) call {@link #addTo}.
 */
final class CommonOptions {
  static final String JSON_DESCRIPTION = "Print one JSON object on stdout.";
  static final String DEBUG_DESCRIPTION = "Print a stack trace with an error.";
  static final String HELP_DESCRIPTION = "Show this help message and exit.";

  @Option(names = "--json", description = JSON_DESCRIPTION)
  boolean json;

  @Option(names = "--debug", description = DEBUG_DESCRIPTION)
  boolean debug;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = HELP_DESCRIPTION)
  boolean help;

  /** The common options of a programmatic command. */
  record Specs(OptionSpec json, OptionSpec debug) {
    boolean isJson() {
      return isSet(json);
    }
  }

  static Specs addTo(CommandSpec spec) {
    OptionSpec json = flag("--json", JSON_DESCRIPTION);
    OptionSpec debug = flag("--debug", DEBUG_DESCRIPTION);
    spec.addOption(json);
    spec.addOption(debug);
    spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description(HELP_DESCRIPTION).build());
    return new Specs(json, debug);
  }

  /** Whether a boolean option of a programmatic command was given. */
  static boolean isSet(OptionSpec flag) {
    return Boolean.TRUE.equals(flag.getValue());
  }

  /** A repeatable option of a programmatic command, one string per occurrence. */
  static OptionSpec repeatable(OptionSpec.Builder b) {
    return b.type(List.class).auxiliaryTypes(String.class).arity("1").build();
  }

  /** The values of a {@link #repeatable} option: empty when it was not given. */
  static List<String> values(OptionSpec repeatable) {
    List<String> v = repeatable.getValue();
    return v == null ? List.of() : v;
  }

  /** An option of a programmatic command taking one value of {@code type}, shown in help as {@code label}. */
  static OptionSpec option(String label, Class<?> type, String description, String... names) {
    return OptionSpec.builder(names).paramLabel(label).type(type).description(description).build();
  }

  /** A boolean option of a programmatic command. */
  static OptionSpec flag(String name, String description) {
    return OptionSpec.builder(name).type(boolean.class).description(description).build();
  }

  /** A boolean option with a short and a long name. */
  static OptionSpec flag(String shortName, String longName, String description) {
    return OptionSpec.builder(shortName, longName).type(boolean.class).description(description).build();
  }
}
