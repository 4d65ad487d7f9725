package dev.safefs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code safefs} command. */
@Command(name = "safefs", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Crash-safe file operations: every file holds its whole old or its whole new content.",
    subcommands = {WriteCommand.class, RecoverCommand.class, AppendCommand.class, PurgeCommand.class,
        RotateCommand.class, SecretCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static CommandLine commandLine() {
    ExitCodes codes = new ExitCodes();
    return new CommandLine(new Main())
        .setExecutionExceptionHandler(codes)
        .setParameterExceptionHandler(codes);
  }

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    System.out.flush();
    System.exit(code);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"safefs 0.1.0 (" + dev.safefs.os.Os.get().name() + " OS layer, Java "
          + Runtime.version() + ")"};
    }
  }
}
