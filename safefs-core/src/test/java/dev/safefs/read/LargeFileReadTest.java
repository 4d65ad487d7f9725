package dev.safefs.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file far larger than the heap: 512 MB read near its end by a JVM capped at 32 MB. */
class LargeFileReadTest {
  private static final long SIZE = 512L << 20;

  @TempDir
  Path dir;

  @Test
  void readsNearTheEndOf512MbWithA32MbHeap() throws Exception {
    Path p = dir.resolve("big.txt");
    StringBuilder head = new StringBuilder();
    for (int i = 1; i <= 1000; i++) {
      head.append("head ").append(i).append('\n');
    }
    StringBuilder tail = new StringBuilder("\n"); // ends the one giant line the hole makes
    for (int i = 1; i <= 1000; i++) {
      tail.append("tail ").append(i).append('\n');
    }
    byte[] t = tail.toString().getBytes(StandardCharsets.US_ASCII);
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
      f.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      f.setLength(SIZE); // sparse: written in an instant, read back as zeros
      f.seek(SIZE - t.length);
      f.write(t);
    }
    try {
      assertThat(Files.size(p)).isEqualTo(SIZE);
      // lines: 1000 head lines, line 1001 is the hole (about 512 MB of NUL bytes), then the 1000 tail lines
      String java = ProcessHandle.current().info().command().orElseThrow();
      List<String> cmd = new ArrayList<>(List.of(java, "-Xmx32m", "--enable-native-access=ALL-UNNAMED",
          "-Dsafefs.os=" + System.getProperty("safefs.os", ""), "-cp", System.getProperty("java.class.path"),
          ReadNearEndMain.class.getName(), p.toString(), "1995", "1001"));
      Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).as(out).isZero();
      assertThat(out).contains("window 1995 [tail 994, tail 995, tail 996, tail 997, tail 998, tail 999, tail 1000]"
          + " truncated=false");
      assertThat(out).contains("tail [tail 998, tail 999, tail 1000]");
      long holeLine = SIZE - t.length - head.length();
      // the giant line is cut at the default limit, whatever its length
      assertThat(out).contains("giant " + (ReadOptions.DEFAULT_MAX_LINE_BYTES + (TextReader.CUT_MARKER + " "
          + (holeLine - ReadOptions.DEFAULT_MAX_LINE_BYTES) + " more bytes]").length()) + " "
          + TextReader.CUT_MARKER + " " + (holeLine - ReadOptions.DEFAULT_MAX_LINE_BYTES) + " more bytes]");
      String max = out.substring(out.indexOf("maxMemory ") + 10).trim();
      assertThat(Long.parseLong(max)).isLessThanOrEqualTo(32L << 20);
    } finally {
      Files.deleteIfExists(p);
    }
  }
}
