package dev.safefs.cli;

import dev.safefs.SafeFsException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place failures become exit codes and one-line messages: {@code safefs: <command>: <path>: <reason>}.
 * 0 ok, 1 I/O failure, 2 usage, 3 not found, 4 denied, 5 conflict.
 */
final class ExitCodes implements IExecutionExceptionHandler, IParameterExceptionHandler {
  static final int OK = 0;
  static final int IO_FAILURE = 1;
  static final int USAGE = 2;

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    String command = cmd.getCommandName();
    int code;
    String message;
    if (ex instanceof SafeFsException s) {
      code = s.kind().exitCode();
      message = s.path() == null ? s.reason() : s.path() + ": " + s.reason();
    } else if (ex instanceof NoSuchFileException e) {
      code = SafeFsException.Kind.NOT_FOUND.exitCode();
      message = e.getFile() + ": No such file or directory";
    } else if (ex instanceof AccessDeniedException e) {
      code = SafeFsException.Kind.DENIED.exitCode();
      message = e.getFile() + ": Permission denied";
    } else if (ex instanceof FileAlreadyExistsException e) {
      code = SafeFsException.Kind.CONFLICT.exitCode();
      message = e.getFile() + ": File exists";
    } else if (ex instanceof IllegalArgumentException e) {
      code = USAGE;
      message = e.getMessage();
    } else if (ex instanceof IOException e) {
      code = IO_FAILURE;
      message = e.getMessage();
    } else {
      code = IO_FAILURE;
      message = "internal error: " + ex;
    }
    err.println("safefs: " + command + ": " + oneLine(message));
    if (ex instanceof dev.safefs.NoMatchException n && n.closest() != null) {
      // the one extra block an error may carry: where the text most likely is, as a diff to retry with
      err.print(n.closest().diff());
    }
    if (debug(parseResult)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    // "safefs: write: ..." for a command's error, "safefs: ..." for the root's (not "safefs: safefs: ...")
    err.println("safefs: " + (cmd.getParent() == null ? "" : cmd.getCommandName() + ": ") + oneLine(ex.getMessage()));
    err.println("Try 'safefs " + (cmd.getParent() == null ? "" : cmd.getCommandName() + " ") + "--help'.");
    err.flush();
    return USAGE;
  }

  private static boolean debug(ParseResult pr) {
    for (ParseResult p = pr; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
  }
}
