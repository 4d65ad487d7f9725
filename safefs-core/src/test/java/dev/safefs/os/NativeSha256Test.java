package dev.safefs.os;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safefs.Hashes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * {@link NativeSha256}: libcrypto's SHA-256 on the Linux layer gives the JDK's digests for any data cut into any
 * updates, from many threads at once, keeps its state through clones and resets, and is what {@link Hashes#sha256()} hands out there; on the
 * portable layer it is never used.
 */
class NativeSha256Test {
  private final boolean linux = Os.get().name().equals("linux");

  private static MessageDigest jdk() throws Exception {
    return MessageDigest.getInstance("SHA-256", "SUN");
  }

  @Test
  void isUsedExactlyOnTheLinuxLayer() {
    // CI installs libcrypto 3 (libssl3); without it the native layer would quietly fall back to the JDK's digest
    assertThat(NativeSha256.create() != null).as("libcrypto's SHA-256 on the %s layer", Os.get().name())
        .isEqualTo(linux);
    assertThat(Hashes.sha256() instanceof NativeSha256).isEqualTo(linux);
  }

  @Property(tries = 300)
  void digestsAsTheJdkForAnyUpdates(@ForAll @Size(max = 8) List<@IntRange(max = 300_000) Integer> pieces,
      @ForAll long seed) throws Exception {
    MessageDigest md = Hashes.sha256();
    MessageDigest ref = jdk();
    Random rnd = new Random(seed);
    for (int len : pieces) {
      byte[] b = new byte[len + 7];
      rnd.nextBytes(b);
      int off = rnd.nextInt(8);
      int n = Math.min(len, b.length - off);
      md.update(b, off, n);
      ref.update(b, off, n);
      if (len % 3 == 0) {
        md.update(b[0]);
        ref.update(b[0]);
      }
    }
    assertThat(md.digest()).isEqualTo(ref.digest());
  }

  @Test
  void knownDigestsAndResetAfterDigest() {
    MessageDigest md = Hashes.sha256();
    assertThat(HexFormat.of().formatHex(md.digest()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    md.update("abc".getBytes());
    assertThat(HexFormat.of().formatHex(md.digest()))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    md.update("abc".getBytes()); // digest() reset it: the same again
    assertThat(HexFormat.of().formatHex(md.digest()))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(md.getDigestLength()).isEqualTo(32);
  }

  @Test
  void aCloneGoesOnFromTheSameStateIndependently() throws Exception {
    byte[] data = new byte[1 << 20];
    new Random(3).nextBytes(data);
    MessageDigest md = Hashes.sha256();
    md.update(data, 0, 700_001);
    MessageDigest copy = (MessageDigest) md.clone();
    md.update(data, 700_001, data.length - 700_001);
    copy.update("tail".getBytes());
    MessageDigest whole = jdk();
    whole.update(data);
    MessageDigest prefixAndTail = jdk();
    prefixAndTail.update(data, 0, 700_001);
    prefixAndTail.update("tail".getBytes());
    assertThat(md.digest()).isEqualTo(whole.digest());
    assertThat(copy.digest()).isEqualTo(prefixAndTail.digest());
  }

  @Test
  void manyThreadsAtOnceEachGetTheirOwnDigest() throws Exception {
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
      for (int t = 0; t < 32; t++) {
        long seed = t;
        results.add(pool.submit(() -> {
          Random rnd = new Random(seed);
          byte[] b = new byte[100_000 + rnd.nextInt(200_000)];
          rnd.nextBytes(b);
          MessageDigest md = Hashes.sha256();
          for (int p = 0; p < b.length; p += 1000) {
            md.update(b, p, Math.min(1000, b.length - p));
          }
          return java.util.Arrays.equals(md.digest(), jdk().digest(b));
        }));
      }
      for (var r : results) {
        assertThat(r.get()).isTrue();
      }
    }
  }

  @Test
  void digestsFromOtherThreadsThanTheOneThatMadeIt() throws Exception {
    MessageDigest md = Hashes.sha256();
    md.update("first ".getBytes());
    Thread t = Thread.ofPlatform().start(() -> md.update("second".getBytes()));
    t.join();
    MessageDigest ref = jdk();
    ref.update("first second".getBytes());
    assertThat(md.digest()).isEqualTo(ref.digest());
  }
}
