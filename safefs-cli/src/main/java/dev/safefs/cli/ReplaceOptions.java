package dev.safefs.cli;

import dev.safefs.write.Durability;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code --no-fsync}, {@code --record} and {@code --state}, the options of the programmatic commands that replace
 * files (write, patch), added by {@link #addTo}. A recorded change is always durable: the first two exclude each
 * other ({@link #recorded}).
 */
final class ReplaceOptions {
  private final OptionSpec noFsync = CommonOptions.flag("--no-fsync",
      "Skip fsync: atomic, but not durable across power loss.");
  private final OptionSpec record;
  private final OptionSpec state = StateOption.spec();
  private final String noun;

  private ReplaceOptions(String noun) {
    this.noun = noun;
    this.record = CommonOptions.flag("--record",
        "Record the " + noun + " in the journal (undoable with `safefs undo`).");
  }

  /** Adds the three options to {@code spec}; {@code noun} names what the command records ("write", "change"). */
  static ReplaceOptions addTo(CommandSpec spec, String noun) {
    ReplaceOptions o = new ReplaceOptions(noun);
    spec.addOption(o.noFsync);
    spec.addOption(o.record);
    spec.addOption(o.state);
    return o;
  }

  Durability durability() {
    return CommonOptions.isSet(noFsync) ? Durability.NONE : Durability.FILE_AND_DIRECTORY;
  }

  /** Whether {@code --record} was given; with {@code --no-fsync} too, a usage error of {@code spec}'s command. */
  boolean recorded(CommandSpec spec) {
    boolean recorded = CommonOptions.isSet(record);
    if (recorded && CommonOptions.isSet(noFsync)) {
      throw new ParameterException(spec.commandLine(),
          "--record and --no-fsync cannot be combined (a recorded " + noun + " is always durable)");
    }
    return recorded;
  }

  /** {@code --state}, or null for the default. */
  Path state() {
    return state.getValue();
  }
}
