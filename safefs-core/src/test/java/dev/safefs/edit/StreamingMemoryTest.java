package dev.safefs.edit;

import dev.safefs.Hashes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.safefs.testing.ChildJvm;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file four times the heap is edited in a JVM capped at 16 MB: the exact edit streams in constant memory. */
class StreamingMemoryTest {

  @TempDir
  Path tmp;

  @Test
  void editsAFileFourTimesTheHeapIn16Megabytes() throws Exception {
    // memory use does not depend on the OS layer: the native pass is enough
    org.junit.jupiter.api.Assumptions.assumeFalse("portable".equals(System.getProperty("safefs.os")),
        "constant memory is checked on the native pass only");
    Path big = tmp.resolve("big.txt");
    byte[] line = "0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789\n"
        .getBytes(StandardCharsets.UTF_8);
    int lines = 64 * 1024 * 1024 / line.length;
    try (OutputStream out = Files.newOutputStream(big)) {
      byte[] block = new byte[line.length * 1000];
      for (int i = 0; i < 1000; i++) {
        System.arraycopy(line, 0, block, i * line.length, line.length);
      }
      for (int i = 0; i < lines / 1000; i++) {
        out.write(block);
        if (i == lines / 1000 - 2) {
          out.write("the one line to change\n".getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    long size = Files.size(big);
    String original = Hashes.sha256(Files.readAllBytes(big));
    int changedLine = (lines / 1000 - 1) * 1000 + 1;
    // not asked for hashes: the file is compared by its stat at commit, and the result has none
    var r = ChildJvm.run(ChildJvm.command(List.of("-Xmx16m"), StreamingEditChild.class, big.toString(),
        "the one line to change", "the line that changed"), null, 120);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().strip()).isEqualTo("EXACT line " + changedLine + " -> line " + changedLine + " null");
    assertThat(Files.size(big)).isEqualTo(size - 1);
    // asked for hashes: hashed on a third thread, still in 16 MB
    var back = ChildJvm.run(ChildJvm.command(List.of("-Xmx16m"), StreamingEditChild.class, big.toString(),
        "the line that changed", "the one line to change", "hash"), null, 120);
    assertThat(back.exitCode()).as(back.err()).isZero();
    assertThat(back.out()).startsWith("EXACT line " + changedLine + " -> line " + changedLine + " ");
    String sha = back.out().strip().substring(back.out().strip().lastIndexOf(' ') + 1);
    assertThat(sha).isEqualTo(original).isEqualTo(Hashes.sha256(Files.readAllBytes(big)));
  }
}
