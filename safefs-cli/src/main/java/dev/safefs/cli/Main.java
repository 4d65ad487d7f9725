package dev.safefs.cli;

import dev.safefs.Hashes;
import dev.safefs.os.NativeBytes;
import dev.safefs.os.Os;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code safefs} command.
 *
 * <p>Startup time matters here: scripts run {@code safefs write} in loops. Reading picocli annotations costs tens of
 * milliseconds on the first use (the JDK generates a proxy class per annotation type, and those cannot come from
 * the AOT cache), so the root command, {@code write} and {@code grep} are built with picocli's programmatic API, and
 * only the command that is invoked is built at all: help and unknown commands get every command, so help still lists
 * them.
 */
public final class Main implements Runnable {

  /** Every command, by name, in the order help lists them: a programmatic spec or an annotated command object. */
  private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("write", WriteCommand::spec);
    COMMANDS.put("patch", PatchCommand::spec);
    COMMANDS.put("read", ReadCommand::spec);
    COMMANDS.put("find", FindCommand::spec);
    COMMANDS.put("grep", GrepCommand::spec);
    COMMANDS.put("ls", LsCommand::spec);
    COMMANDS.put("tree", TreeCommand::spec);
    COMMANDS.put("apply", ApplyCommand::new);
    COMMANDS.put("history", HistoryCommand::new);
    COMMANDS.put("undo", UndoCommand::new);
    COMMANDS.put("append", AppendCommand::spec);
    COMMANDS.put("purge", PurgeCommand::spec);
    COMMANDS.put("rotate", RotateCommand::spec);
    COMMANDS.put("secret", SecretCommand::spec);
    COMMANDS.put("serve", ServeCommand::new);
    COMMANDS.put("recover", RecoverCommand::new);
  }

  /** Commands that only read files: they never hash, so the SHA-256 provider is not loaded for them. */
  private static final Set<String> READ_ONLY = Set.of("read", "find", "grep", "ls", "tree");

  private CommandSpec spec;

  private Main() {}

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /** The whole command line, every command registered (for tests and help). */
  public static CommandLine commandLine() {
    return commandLine(null);
  }

  /** The command line for {@code args}: only the invoked command when args name one, else every command. */
  static CommandLine commandLine(String[] args) {
    CommandSpec root = rootSpec();
    String first = args == null || args.length == 0 ? null : args[0];
    Supplier<Object> only = first == null ? null : COMMANDS.get(first);
    if (only != null) {
      root.addSubcommand(first, new CommandLine(only.get()));
    } else {
      for (Map.Entry<String, Supplier<Object>> e : COMMANDS.entrySet()) {
        root.addSubcommand(e.getKey(), new CommandLine(e.getValue().get()));
      }
      root.addSubcommand("help", new CommandLine(new CommandLine.HelpCommand()));
    }
    ExitCodes codes = new ExitCodes();
    return new CommandLine(root)
        .setExecutionExceptionHandler(codes)
        .setParameterExceptionHandler(codes);
  }

  private static CommandSpec rootSpec() {
    Main main = new Main();
    CommandSpec spec = CommandSpec.wrapWithoutInspection(main);
    main.spec = spec;
    spec.name("safefs").versionProvider(new Version());
    spec.usageMessage().description(
        "Crash-safe file operations: every file holds its whole old or its whole new content.");
    // what mixinStandardHelpOptions adds, without the annotated mixin class picocli would inspect
    spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
        .description("Show this help message and exit.").build());
    spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
        .description("Print version information and exit.").build());
    return spec;
  }

  /**
   * The slow one-time set-up of a command, done on another thread while this one builds the command line: linking the
   * Linux system calls (tens of milliseconds of java.lang.foreign work), then for grep libc's byte search, and for a
   * command that may write, its SHA-256 (libcrypto's on the Linux layer, else the JDK provider's).
   */
  private static void warmUp(String command) {
    boolean hashes = !READ_ONLY.contains(command);
    boolean linux = !"portable".equalsIgnoreCase(System.getProperty("safefs.os", ""));
    if (!linux && !hashes) {
      return;
    }
    Thread.ofPlatform().daemon().name("safefs-os-link").start(() -> {
      // Os.linux() cannot fail: an unavailable native layer is reported when the command asks for it.
      if (linux && Os.linux() != null && command.equals("grep")) {
        NativeBytes.available();
      }
      if (hashes) {
        Hashes.sha256();
      }
    });
  }

  public static void main(String[] args) {
    int code = run(args);
    System.out.flush();
    System.err.flush();
    if (args.length > 0 && args[0].equals("serve")) {
      System.exit(code); // the server's shutdown hook prints its statistics (--debug)
    }
    // Every other command is done: all its output flushed, its files closed, and it registers no shutdown hook.
    // Halting skips what System.exit adds on top, a System.Logger lookup (Runtime.exit logging) whose service
    // search reads the whole class path (about 10 ms).
    Runtime.getRuntime().halt(code);
  }

  /** Runs one command line; returns its exit code. */
  static int run(String[] args) {
    LineOutput.rawStdout = true;
    if (args.length > 0 && COMMANDS.containsKey(args[0])) {
      warmUp(args[0]);
    }
    CommandLine cl = commandLine(args);
    try {
      return cl.execute(args);
    } finally {
      cl.getOut().flush();
      cl.getErr().flush();
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"safefs 0.1.0 (" + Os.get().name() + " OS layer, Java " + Runtime.version() + ")"};
    }
  }
}
