package dev.safefs.os;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** errno values of Linux (the same on x86_64 and aarch64) and their mapping to java.nio.file exceptions. */
public final class Errno {
  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int ESRCH = 3;
  public static final int EINTR = 4;
  public static final int EIO = 5;
  public static final int EBADF = 9;
  public static final int EAGAIN = 11;
  public static final int EACCES = 13;
  public static final int EEXIST = 17;
  public static final int EXDEV = 18;
  public static final int ENOTDIR = 20;
  public static final int EISDIR = 21;
  public static final int EINVAL = 22;
  public static final int EFBIG = 27;
  public static final int ENOSPC = 28;
  public static final int EROFS = 30;
  public static final int ENAMETOOLONG = 36;
  public static final int ENOSYS = 38;
  public static final int ENOTEMPTY = 39;
  public static final int ELOOP = 40;
  public static final int EOPNOTSUPP = 95;
  public static final int EDQUOT = 122;

  private Errno() {}

  /** A failed system call as the java.nio.file exception that fits, carrying errno. */
  public static FileSystemException exception(int errno, String call, String file, String other) {
    String reason = call + ": " + message(errno);
    return switch (errno) {
      case ENOENT -> new NoSuchFileException(file, other, reason);
      case EACCES, EPERM -> new AccessDeniedException(file, other, reason);
      case EEXIST -> new FileAlreadyExistsException(file, other, reason);
      case ENOTDIR -> new NotDirectoryException(file) {
        @Override
        public String getReason() {
          return reason;
        }
      };
      case ENOTEMPTY -> new DirectoryNotEmptyException(file) {
        @Override
        public String getReason() {
          return reason;
        }
      };
      case ELOOP -> new FileSystemLoopException(file) {
        @Override
        public String getReason() {
          return reason;
        }
      };
      default -> new ErrnoException(file, other, reason, errno);
    };
  }

  /**
   * strerror(3) as glibc words it, for the errno values file operations meet; a Java table instead of a downcall,
   * which would cost startup time.
   */
  public static String message(int errno) {
    return switch (errno) {
      case 1 -> "Operation not permitted";
      case 2 -> "No such file or directory";
      case 3 -> "No such process";
      case 4 -> "Interrupted system call";
      case 5 -> "Input/output error";
      case 6 -> "No such device or address";
      case 7 -> "Argument list too long";
      case 8 -> "Exec format error";
      case 9 -> "Bad file descriptor";
      case 10 -> "No child processes";
      case 11 -> "Resource temporarily unavailable";
      case 12 -> "Cannot allocate memory";
      case 13 -> "Permission denied";
      case 14 -> "Bad address";
      case 15 -> "Block device required";
      case 16 -> "Device or resource busy";
      case 17 -> "File exists";
      case 18 -> "Invalid cross-device link";
      case 19 -> "No such device";
      case 20 -> "Not a directory";
      case 21 -> "Is a directory";
      case 22 -> "Invalid argument";
      case 23 -> "Too many open files in system";
      case 24 -> "Too many open files";
      case 25 -> "Inappropriate ioctl for device";
      case 26 -> "Text file busy";
      case 27 -> "File too large";
      case 28 -> "No space left on device";
      case 29 -> "Illegal seek";
      case 30 -> "Read-only file system";
      case 31 -> "Too many links";
      case 32 -> "Broken pipe";
      case 33 -> "Numerical argument out of domain";
      case 34 -> "Numerical result out of range";
      case 35 -> "Resource deadlock avoided";
      case 36 -> "File name too long";
      case 37 -> "No locks available";
      case 38 -> "Function not implemented";
      case 39 -> "Directory not empty";
      case 40 -> "Too many levels of symbolic links";
      case 61 -> "No data available";
      case 75 -> "Value too large for defined data type";
      case 84 -> "Invalid or incomplete multibyte or wide character";
      case 95 -> "Operation not supported";
      case 110 -> "Connection timed out";
      case 116 -> "Stale file handle";
      case 117 -> "Structure needs cleaning";
      case 122 -> "Disk quota exceeded";
      case 123 -> "No medium found";
      case 125 -> "Operation canceled";
      default -> "Unknown error " + errno;
    };
  }

  /** Any other failed system call, with its errno kept. */
  public static final class ErrnoException extends FileSystemException {
    private final int errno;

    public ErrnoException(String file, String other, String reason, int errno) {
      super(file, other, reason);
      this.errno = errno;
    }

    public int errno() {
      return errno;
    }
  }
}
