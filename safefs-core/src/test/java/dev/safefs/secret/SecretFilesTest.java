package dev.safefs.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safefs.DeniedException;
import dev.safefs.InvalidInputException;
import dev.safefs.SafeFs;
import dev.safefs.testing.Modes;
import dev.safefs.write.TempNames;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {
  static final int WRITES = 300;

  @TempDir
  Path tmp;

  Path privateDir() throws IOException {
    Path d = Files.createDirectory(tmp.resolve("private"));
    Modes.chmod(d, 0700);
    return d;
  }

  static ByteArrayInputStream in(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A concurrent observer lists the directory and lstats every entry, the temps included, in a tight loop while
   * secrets are created, replaced and deleted many times: it must never see a
   * mode other than 0600.
   */
  @Test
  void aConcurrentObserverNeverSeesAModeOtherThan0600() throws Exception {
    Path dir = privateDir();
    Path secret = dir.resolve("token");
    List<String> violations = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong secretSeen = new AtomicLong();
    AtomicLong tempsSeen = new AtomicLong();
    AtomicLong scans = new AtomicLong();
    Thread observer = Thread.ofPlatform().start(() -> {
      while (!stop.get()) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
          for (Path e : entries) {
            String name = e.getFileName().toString();
            int mode;
            try {
              mode = (Integer) Files.getAttribute(e, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
            } catch (NoSuchFileException gone) {
              continue;
            }
            if (TempNames.isTemp(name)) {
              tempsSeen.incrementAndGet();
            } else if (name.equals("token")) {
              secretSeen.incrementAndGet();
            }
            if (mode != 0600) {
              violations.add(name + " " + Integer.toOctalString(mode));
            }
          }
        } catch (IOException ex) {
          violations.add("observer failed: " + ex);
        }
        scans.incrementAndGet();
      }
    });
    Random random = new Random(7);
    byte[] payload = new byte[32 * 1024];
    try {
      for (int i = 0; i < WRITES; i++) {
        random.nextBytes(payload);
        if (i % 50 == 49) {
          Files.delete(secret); // the next write creates it afresh
        }
        SecretFiles.write(secret, new ByteArrayInputStream(payload), false);
      }
    } finally {
      stop.set(true);
      observer.join();
    }
    System.out.printf("SecretFilesTest: %d writes, %d scans, the secret seen %d times, temps %d times%n", WRITES,
        scans.get(), secretSeen.get(), tempsSeen.get());
    assertThat(violations).isEmpty();
    assertThat(secretSeen.get()).as("the observer saw the secret").isPositive();
    assertThat(tempsSeen.get()).as("the observer saw temps being written").isPositive();
    assertThat(Files.readAllBytes(secret)).isEqualTo(payload);
    assertThat(Modes.mode(secret)).isEqualTo(0600);
  }

  @Test
  void aWiderExistingFileIsReplacedByA0600One() throws Exception {
    Path dir = privateDir();
    Path secret = dir.resolve("key");
    Files.writeString(secret, "old, world-readable");
    Modes.chmod(secret, 0644);
    long oldInode = Modes.inode(secret);
    var r = SecretFiles.write(secret, in("new secret"), false);
    assertThat(r.replaced()).isTrue();
    assertThat(Modes.mode(secret)).isEqualTo(0600);
    assertThat(Modes.inode(secret)).as("replaced, not chmod-ed in place").isNotEqualTo(oldInode);
    assertThat(secret).hasContent("new secret");
  }

  @Test
  void everyLaterReplaceKeeps0600() throws Exception {
    Path secret = privateDir().resolve("key");
    SafeFs.secret(secret, in("one"), false);
    Modes.chmod(secret, 0666); // someone widened it
    SafeFs.secret(secret, in("two"), false);
    assertThat(Modes.mode(secret)).isEqualTo(0600);
    assertThat(secret).hasContent("two");
  }

  @Test
  void aGroupWritableParentIsRefusedUnlessForced() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("shared"));
    Modes.chmod(dir, 0770);
    Path secret = dir.resolve("key");
    assertThatThrownBy(() -> SecretFiles.write(secret, in("s"), false)).isInstanceOf(DeniedException.class)
        .hasMessage("secret: " + secret + ": parent directory " + dir
            + " is group-writable (mode 0770); refusing to keep a secret there (use --force to write anyway)");
    assertThat(Files.exists(secret, LinkOption.NOFOLLOW_LINKS)).isFalse();
    SecretFiles.write(secret, in("s"), true);
    assertThat(Modes.mode(secret)).isEqualTo(0600);
  }

  @Test
  void aStickyWorldWritableParentIsRefusedAndTheMessageSaysWhy() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("tmplike"));
    Modes.chmod(dir, 01777);
    Path secret = dir.resolve("key");
    assertThatThrownBy(() -> SecretFiles.write(secret, in("s"), false)).isInstanceOf(DeniedException.class)
        .hasMessageContaining("group- and world-writable (mode 1777)")
        .hasMessageContaining("sticky, like /tmp");
    Modes.chmod(dir, 0703);
    assertThatThrownBy(() -> SecretFiles.write(secret, in("s"), false)).isInstanceOf(DeniedException.class)
        .hasMessageContaining("is world-writable (mode 0703)");
    assertThat(Files.exists(secret, LinkOption.NOFOLLOW_LINKS)).isFalse();
    SecretFiles.write(secret, in("s"), true);
    assertThat(Modes.mode(secret)).isEqualTo(0600);
  }

  @Test
  void aSymlinkOrDirectoryPathIsRefused() throws Exception {
    Path dir = privateDir();
    Path target = dir.resolve("target");
    Files.writeString(target, "untouched");
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    assertThatThrownBy(() -> SecretFiles.write(link, in("s"), false)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("symbolic link");
    assertThat(target).hasContent("untouched");
    Path sub = Files.createDirectory(dir.resolve("sub"));
    assertThatThrownBy(() -> SecretFiles.write(sub, in("s"), false)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not a regular file (directory)");
  }

  @Test
  void unsafeDirectoryNamesTheReason() {
    assertThat(SecretFiles.unsafeDirectory(0700)).isNull();
    assertThat(SecretFiles.unsafeDirectory(0755)).isNull();
    assertThat(SecretFiles.unsafeDirectory(01755)).isNull();
    assertThat(SecretFiles.unsafeDirectory(0775)).isEqualTo("is group-writable (mode 0775)");
    assertThat(SecretFiles.unsafeDirectory(0757)).isEqualTo("is world-writable (mode 0757)");
    assertThat(SecretFiles.unsafeDirectory(01777)).startsWith("is group- and world-writable (mode 1777) (sticky");
  }
}
