package dev.safefs.find;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory whose names alone outweigh the heap is walked in a JVM capped at 10 MB: entries stream. */
class FlatMemoryTest {
  private static final int ENTRIES = 60_000;
  private static final String PAD = "n".repeat(250);

  @TempDir
  Path dir;

  @Test
  void aDirectoryBiggerThanTheHeapIsStreamed() throws Exception {
    Path big = dir.resolve("big");
    Files.createDirectory(big);
    PeerTools.Run made = PeerTools.run(List.of("python3", "-c", "import os, sys\n"
        + "for i in range(" + ENTRIES + "):\n"
        + "  os.close(os.open(sys.argv[1] + '/" + PAD + "' + str(i), os.O_CREAT, 0o644))",
        big.toString()));
    assertThat(made.exit()).as(made.err()).isZero();
    long nameBytes = (long) ENTRIES * (PAD.length() + 5);
    assertThat(nameBytes).isGreaterThan(14L << 20); // held as Strings, the names alone would fill the 10 MB heap
    List<String> cmd = new java.util.ArrayList<>(PeerTools.javaChild(CountMain.class.getName(),
        System.getProperty("java.class.path"), big.toString()));
    cmd.add(1, "-Xmx10m");
    PeerTools.Run r = PeerTools.run(cmd);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith(ENTRIES + " entries, ").contains(" 0 errors");
  }
}
