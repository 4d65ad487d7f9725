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
    String reason = call + ": " + LinuxOs.strerror(errno);
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
