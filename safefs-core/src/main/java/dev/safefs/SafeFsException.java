package dev.safefs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Every failure safefs reports. The message always reads {@code <operation>: <path>: <reason>} so that every face
 * (library, CLI, MCP) can show it as it is; {@link #kind()} is what the faces map to exit codes and tool errors.
 */
public abstract sealed class SafeFsException extends IOException
    permits ConflictException, DeniedException, NotFoundException, InvalidInputException, IoFailureException,
        NoMatchException {

  /** The category of a failure, mapped once to an exit code by the CLI and once to a tool error by MCP. */
  public enum Kind {
    IO_FAILURE(1), NOT_FOUND(3), DENIED(4), CONFLICT(5), INVALID_INPUT(2);

    private final int exitCode;

    Kind(int exitCode) {
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }

  private final String operation;
  private final Path path;
  private final String reason;

  SafeFsException(String operation, Path path, String reason, Throwable cause) {
    super(format(operation, path, reason), cause);
    this.operation = Objects.requireNonNull(operation);
    this.path = path;
    this.reason = Objects.requireNonNull(reason);
  }

  private static String format(String operation, Path path, String reason) {
    return path == null ? operation + ": " + reason : operation + ": " + path + ": " + reason;
  }

  public abstract Kind kind();

  public String operation() {
    return operation;
  }

  /** The path the failure is about; may be null for failures that concern no single path. */
  public Path path() {
    return path;
  }

  public String reason() {
    return reason;
  }

  /**
   * Classifies any I/O failure into the matching subtype, keeping the original as the cause. {@code step} says what
   * was being done ("fsync(temp)", "rename") and becomes part of the reason.
   */
  public static SafeFsException wrap(String operation, Path path, String step, IOException cause) {
    if (cause instanceof SafeFsException s) {
      return s;
    }
    String what = describe(cause);
    String reason = step == null || step.isEmpty() ? what : step + ": " + what;
    if (cause instanceof NoSuchFileException || cause instanceof NotDirectoryException) {
      return new NotFoundException(operation, path, reason, cause);
    }
    if (cause instanceof AccessDeniedException) {
      return new DeniedException(operation, path, reason, cause);
    }
    if (cause instanceof FileAlreadyExistsException) {
      return new ConflictException(operation, path, reason, cause);
    }
    return new IoFailureException(operation, path, reason, cause);
  }

  /** The cause's own words, without repeating the path the message already names. */
  static String describe(IOException cause) {
    if (cause instanceof FileSystemException fse) {
      String r = fse.getReason();
      if (r != null && !r.isBlank()) {
        return r;
      }
      if (cause instanceof NoSuchFileException) {
        return "No such file or directory";
      }
      if (cause instanceof AccessDeniedException) {
        return "Permission denied";
      }
      if (cause instanceof FileAlreadyExistsException) {
        return "File exists";
      }
      if (cause instanceof NotDirectoryException) {
        return "Not a directory";
      }
    }
    String m = cause.getMessage();
    return m == null || m.isBlank() ? cause.getClass().getSimpleName() : m;
  }
}
