package dev.safefs.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safefs.DeniedException;
import dev.safefs.os.Os;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class SecretWriterTest {

  @TempDir
  Path tmp;

  private final Os os = Os.get();

  private static int mode(Path p) throws IOException {
    return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
  }

  /** Content that trickles in, so the temp lives long enough for the observer to see it. */
  private static InputStream trickle(int bytes) {
    return new InputStream() {
      int left = bytes;

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left == 0) {
          return -1;
        }
        if (left % 16384 == 0) {
          Thread.onSpinWait();
          try {
            Thread.sleep(0, 200_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        int n = Math.min(Math.min(len, 4096), left);
        java.util.Arrays.fill(b, off, off + n, (byte) 's');
        left -= n;
        return n;
      }
    };
  }

  /**
   * An observer lstats every entry of the directory (the secret and every temp) in a tight loop while secrets are
   * written and replaced: the only mode it ever sees is 0600.
   */
  @Test
  void aConcurrentObserverNeverSeesAnotherModeOnTheSecretOrItsTemps() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("vault"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    Path secret = dir.resolve("token");
    AtomicBoolean stop = new AtomicBoolean();
    Map<String, Integer> wrong = new ConcurrentHashMap<>();
    AtomicLong secretSeen = new AtomicLong();
    AtomicLong tempsSeen = new AtomicLong();
    Thread observer = Thread.ofPlatform().start(() -> {
      while (!stop.get()) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
          for (Path p : ds) {
            int m;
            try {
              m = mode(p);
            } catch (NoSuchFileException gone) {
              continue;
            }
            if (p.getFileName().toString().equals("token")) {
              secretSeen.incrementAndGet();
            } else {
              tempsSeen.incrementAndGet();
            }
            if (m != 0600) {
              wrong.put(p.getFileName().toString(), m);
            }
          }
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      }
    });
    try {
      for (int i = 0; i < 150; i++) {
        SecretWriter.write(os, secret, trickle(64 * 1024), false, Durability.NONE);
      }
    } finally {
      stop.set(true);
      observer.join();
    }
    assertThat(wrong).as("entries seen with a mode other than 0600").isEmpty();
    assertThat(secretSeen.get()).isGreaterThan(100);
    assertThat(tempsSeen.get()).as("the observer did catch temps in flight").isGreaterThan(0);
    assertThat(mode(secret)).isEqualTo(0600);
    assertThat(Files.size(secret)).isEqualTo(64 * 1024);
  }

  @Test
  void laterPlainReplacesKeep0600() throws Exception {
    Path secret = tmp.resolve("key");
    SecretWriter.write(os, secret, new ByteArrayInputStream("one".getBytes()), false, Durability.FILE_AND_DIRECTORY);
    assertThat(mode(secret)).isEqualTo(0600);
    AtomicWriter.writeString(secret, "two", WriteOptions.defaults());
    assertThat(mode(secret)).isEqualTo(0600);
    assertThat(Files.readString(secret)).isEqualTo("two");
    SecretWriter.write(os, secret, new ByteArrayInputStream("three".getBytes()), false, Durability.NONE);
    assertThat(mode(secret)).isEqualTo(0600);
  }

  @Test
  void anExistingWiderFileIsReplacedBy0600() throws Exception {
    Path secret = tmp.resolve("wide");
    Files.writeString(secret, "old");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-rw-rw-"));
    SecretWriter.write(os, secret, new ByteArrayInputStream("new".getBytes()), false, Durability.NONE);
    assertThat(mode(secret)).isEqualTo(0600);
  }

  @Test
  void aGroupOrWorldWritableDirectoryIsRefusedUnlessForced() throws Exception {
    Path shared = Files.createDirectory(tmp.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path secret = shared.resolve("s");
    assertThatThrownBy(() -> SecretWriter.write(os, secret, new ByteArrayInputStream("x".getBytes()), false,
        Durability.NONE)).isInstanceOf(DeniedException.class).hasMessageContaining("world-writable (mode 0777)")
        .hasMessageContaining("--force");
    try (var s = Files.list(shared)) {
      assertThat(s.count()).as("nothing left behind").isZero();
    }
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwx---"));
    assertThatThrownBy(() -> SecretWriter.write(os, secret, new ByteArrayInputStream("x".getBytes()), false,
        Durability.NONE)).isInstanceOf(DeniedException.class).hasMessageContaining("group-writable");
    SecretWriter.write(os, secret, new ByteArrayInputStream("x".getBytes()), true, Durability.NONE);
    assertThat(mode(secret)).isEqualTo(0600);
  }
}
