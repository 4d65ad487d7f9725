package dev.safefs.cli;

import dev.safefs.mcp.Context;
import dev.safefs.mcp.SafeFsServer;
import dev.safefs.sandbox.DenyList;
import dev.safefs.sandbox.Sandbox;
import dev.safefs.sandbox.SandboxOptions;
import dev.safefs.tx.Journal;
import dev.safefs.write.Durability;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code safefs serve [--read-only] [--state DIR] ROOT...}: the MCP server on stdio. Stdout carries the protocol
 * only; messages go to stderr.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = {
    "Serve file tools to an MCP client over stdio, confined to the ROOT directories.",
    "A drop-in superset of the official MCP filesystem server: same tools, plus atomic durable writes, tolerant "
        + "edits, search, patches and undo. A client's non-empty MCP roots list replaces the ROOTs."})
final class ServeCommand implements Callable<Integer> {

  @Parameters(paramLabel = "ROOT", arity = "0..*",
      description = "Allowed directories (may be none if the client provides MCP roots).")
  List<Path> roots = new ArrayList<>();

  @Option(names = "--read-only", description = "Refuse every tool that would change a file.")
  boolean readOnly;

  @Option(names = "--state", paramLabel = "DIR",
      description = "Where the journal of changes (history, undo) is kept; default $SAFEFS_STATE or "
          + "$XDG_STATE_HOME/safefs.")
  Path state;

  @Option(names = "--deny", paramLabel = "GLOB",
      description = "Refuse these paths too, even inside a root (glob on the path relative to its root, any depth).")
  List<String> deny = new ArrayList<>();

  @Option(names = "--no-default-deny",
      description = "Drop the built-in credential deny list (.ssh, .aws, .gnupg, .env, id_rsa ...).")
  boolean noDefaultDeny;

  @Option(names = "--refuse-hard-links",
      description = "Refuse reading files that have other hard links (which may be outside the roots).")
  boolean refuseHardLinks;

  @Option(names = "--no-journal", description = "Do not record changes (no file_history or undo; fewer fsyncs).")
  boolean noJournal;

  @Option(names = "--no-fsync", description = "Atomic but not durable writes (no fsync): faster, not power-safe.")
  boolean noFsync;

  @Option(names = "--debug", description = "Print stack traces on stderr.")
  boolean debug;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    DenyList denyList = (noDefaultDeny ? DenyList.none() : DenyList.defaults()).plus(deny);
    SandboxOptions options = new SandboxOptions(readOnly, denyList, refuseHardLinks);
    try (Sandbox sandbox = Sandbox.open(roots, options)) {
      if (roots.isEmpty()) {
        System.err.println("safefs serve: no allowed directories yet; waiting for the client's MCP roots");
      }
      Journal journal = noJournal ? null : Journal.open(Journal.stateDir(state));
      Context ctx = new Context(sandbox, journal, noFsync ? Durability.NONE : Durability.FILE_AND_DIRECTORY,
          Context.DEFAULT_MAX_TEXT_CHARS, Context.DEFAULT_MAX_ENTRIES);
      new SafeFsServer(ctx).serveStdio();
    }
    return ExitCodes.OK;
  }
}
