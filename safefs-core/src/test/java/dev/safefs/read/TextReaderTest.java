package dev.safefs.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safefs.InvalidInputException;
import dev.safefs.NotFoundException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class TextReaderTest {
  @TempDir
  Path dir;

  private Path lines(String name, int n) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      sb.append("line ").append(i).append('\n');
    }
    Path p = dir.resolve(name);
    Files.writeString(p, sb.toString());
    return p;
  }

  private static List<String> expected(int from, int to) {
    List<String> l = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      l.add("line " + i);
    }
    return l;
  }

  @Test
  void windowAtStartReportsTotalAndNextOffset() throws Exception {
    Path p = lines("a.txt", 100);
    ReadResult r = TextReader.read(p, ReadOptions.window(1, 10));
    assertThat(r.lines()).isEqualTo(expected(1, 10));
    assertThat(r.firstLine()).isEqualTo(1);
    assertThat(r.totalLines()).isEqualTo(100);
    assertThat(r.truncated()).isTrue();
    assertThat(r.nextOffset()).isEqualTo(11);
    assertThat(r.hint()).isEqualTo("showing lines 1-10 of 100; next window: offset 11");
  }

  @Test
  void windowInTheMiddle() throws Exception {
    Path p = lines("a.txt", 100);
    ReadResult r = TextReader.read(p, ReadOptions.window(45, 7));
    assertThat(r.lines()).isEqualTo(expected(45, 51));
    assertThat(r.lastLine()).isEqualTo(51);
    assertThat(r.nextOffset()).isEqualTo(52);
    assertThat(r.text(true)).startsWith("45|line 45\n46|line 46\n").endsWith("51|line 51\n");
  }

  @Test
  void windowAtTheEndIsNotTruncated() throws Exception {
    Path p = lines("a.txt", 100);
    ReadResult r = TextReader.read(p, ReadOptions.window(95, 10));
    assertThat(r.lines()).isEqualTo(expected(95, 100));
    assertThat(r.truncated()).isFalse();
    assertThat(r.nextOffset()).isZero();
    assertThat(r.totalLines()).isEqualTo(100);
    assertThat(r.hint()).isNull();
  }

  @Test
  void offsetPastTheEndGivesNoLinesAndTheTotal() throws Exception {
    Path p = lines("a.txt", 5);
    ReadResult r = TextReader.read(p, ReadOptions.window(9, 10));
    assertThat(r.lines()).isEmpty();
    assertThat(r.totalLines()).isEqualTo(5);
  }

  @Test
  void lastLineWithoutNewlineCounts() throws Exception {
    Path p = dir.resolve("n.txt");
    Files.writeString(p, "a\nb\nc");
    assertThat(TextReader.read(p, ReadOptions.window(2, 5)).lines()).containsExactly("b", "c");
    assertThat(TextReader.read(p, ReadOptions.window(1, 1)).totalLines()).isEqualTo(3);
    assertThat(TextReader.read(p, ReadOptions.tail(2)).lines()).containsExactly("b", "c");
    assertThat(TextReader.read(p, ReadOptions.tail(2)).firstLine()).isEqualTo(2);
  }

  @Test
  void gutterIsRightAligned() throws Exception {
    Path p = lines("a.txt", 12);
    assertThat(TextReader.read(p, ReadOptions.window(8, 3)).text(true)).isEqualTo(" 8|line 8\n 9|line 9\n10|line 10\n");
  }

  @Test
  void headAndTail() throws Exception {
    Path p = lines("a.txt", 1000);
    assertThat(TextReader.read(p, ReadOptions.head(3)).lines()).isEqualTo(expected(1, 3));
    ReadResult t = TextReader.read(p, ReadOptions.tail(4));
    assertThat(t.lines()).isEqualTo(expected(997, 1000));
    assertThat(t.firstLine()).isEqualTo(997);
    assertThat(t.truncated()).isFalse();
    assertThat(TextReader.read(p, ReadOptions.tail(5000)).lines()).hasSize(1000);
  }

  @Test
  void tailOfALargeFileReadsBackwardsAcrossBlocks() throws Exception {
    Path p = lines("big.txt", 200_000); // about 2.3 MB: many 64 KB blocks from the end
    ReadResult t = TextReader.read(p, ReadOptions.tail(20_000));
    assertThat(t.lines()).isEqualTo(expected(180_001, 200_000));
    assertThat(t.firstLine()).isEqualTo(180_001);
  }

  @Test
  void windowsFarIntoABigFileUseTheParallelCount() throws Exception {
    // over 32 MB, so that the count runs on two threads, chunk by chunk
    Path p = dir.resolve("big.txt");
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= 100_000; i++) {
      sb.append(String.format("%08d ", i)).append("x".repeat(i % 50)).append('\n');
    }
    byte[] block = sb.toString().getBytes(StandardCharsets.UTF_8);
    try (var out = Files.newOutputStream(p)) {
      for (int k = 0; k < 12; k++) {
        out.write(block);
      }
    }
    assertThat(Files.size(p)).isGreaterThan(LineLocator.PARALLEL_MIN + LineLocator.CHUNK);
    long line = 11L * 100_000 + 77_777;
    ReadResult r = TextReader.read(p, ReadOptions.window(line, 3));
    assertThat(r.lines()).containsExactly("00077777 " + "x".repeat(77_777 % 50), "00077778 " + "x".repeat(77_778 % 50),
        "00077779 " + "x".repeat(77_779 % 50));
    assertThat(r.totalLines()).isEqualTo(1_200_000); // under 64 MB: counted to the end
    assertThat(r.truncated()).isTrue();
  }

  @Test
  void linesLongerThanTheBufferAreCutWithAMarker() throws Exception {
    Path p = dir.resolve("long.txt");
    String longLine = "é".repeat(150_000); // 300,000 bytes: several 64 KB reads
    Files.writeString(p, "short\n" + longLine + "\nafter\n");
    ReadResult r = TextReader.read(p, ReadOptions.window(1, 10).withMaxLineBytes(101));
    assertThat(r.lines()).hasSize(3);
    assertThat(r.lines().get(0)).isEqualTo("short");
    // cut on a character boundary: 50 two-byte characters, then the marker with the bytes left out
    assertThat(r.lines().get(1)).isEqualTo("é".repeat(50) + TextReader.CUT_MARKER + " 299900 more bytes]");
    assertThat(r.lines().get(2)).isEqualTo("after");
    assertThat(r.cutLines()).isEqualTo(1);
    assertThat(TextReader.read(p, ReadOptions.tail(1)).lines()).containsExactly("after");
  }

  @Test
  void crlfLineEndsAreNotShown() throws Exception {
    Path p = dir.resolve("crlf.txt");
    Files.writeString(p, "a\r\nb\r\n");
    assertThat(TextReader.read(p, ReadOptions.defaults()).lines()).containsExactly("a", "b");
  }

  @Test
  void utf8BomIsStripped() throws Exception {
    Path p = dir.resolve("bom.txt");
    byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
    Files.write(p, concat(bom, "héllo\nworld\n".getBytes(StandardCharsets.UTF_8)));
    ReadResult r = TextReader.read(p, ReadOptions.defaults());
    assertThat(r.encoding()).isEqualTo(TextEncoding.UTF_8_BOM);
    assertThat(r.lines()).containsExactly("héllo", "world");
  }

  @Test
  void utf16WithBomIsDecoded() throws Exception {
    Path le = dir.resolve("le.txt");
    byte[] leBom = {(byte) 0xff, (byte) 0xfe};
    Files.write(le, concat(leBom, "größe\r\nzwei\ndrei\n".getBytes(StandardCharsets.UTF_16LE)));
    ReadResult r = TextReader.read(le, ReadOptions.window(2, 5));
    assertThat(r.encoding()).isEqualTo(TextEncoding.UTF_16LE);
    assertThat(r.lines()).containsExactly("zwei", "drei");
    assertThat(r.totalLines()).isEqualTo(3);
    Path be = dir.resolve("be.txt");
    Files.write(be, concat(new byte[] {(byte) 0xfe, (byte) 0xff}, "eins\nzwei\n".getBytes(StandardCharsets.UTF_16BE)));
    assertThat(TextReader.read(be, ReadOptions.tail(1)).lines()).containsExactly("zwei");
    assertThat(TextReader.read(be, ReadOptions.defaults()).encoding()).isEqualTo(TextEncoding.UTF_16BE);
  }

  @Test
  void nulMeansBinaryAndTheRefusalNamesSizeAndKind() throws Exception {
    Path p = dir.resolve("nul.txt");
    Files.write(p, "text\0more text\n".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> TextReader.read(p, ReadOptions.defaults()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("binary file (binary data, 15 bytes)");
  }

  @Test
  void elfIsNamedByItsMagicNumber() throws Exception {
    Path p = dir.resolve("prog");
    byte[] elf = new byte[4096];
    System.arraycopy(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}, 0, elf, 0, 8);
    Files.write(p, elf);
    assertThatThrownBy(() -> TextReader.read(p, ReadOptions.defaults()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("binary file (ELF executable, 4,096 bytes)");
    ContentType png = BinaryDetector.detect(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0}, 10,
        true);
    assertThat(png.binary()).isTrue();
    assertThat(png.kind()).isEqualTo("PNG image");
  }

  @Test
  void invalidUtf8MeansBinary() throws Exception {
    Path p = dir.resolve("latin1.txt");
    Files.write(p, "caf\u00e9 au lait\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> TextReader.read(p, ReadOptions.defaults())).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("binary");
  }

  @Test
  void aCharacterCutByTheSampleEdgeIsNotBinary() throws Exception {
    // "€" is three bytes; place it so the 8192-byte sample ends after its first byte
    byte[] head = "a".repeat(BinaryDetector.SAMPLE_SIZE - 1).getBytes(StandardCharsets.UTF_8);
    byte[] content = concat(head, "€ and more\n".getBytes(StandardCharsets.UTF_8));
    assertThat(content[BinaryDetector.SAMPLE_SIZE - 1] & 0xff).isEqualTo(0xe2);
    Path p = dir.resolve("edge.txt");
    Files.write(p, content);
    ReadResult r = TextReader.read(p, ReadOptions.defaults().withMaxLineBytes(20_000));
    assertThat(r.lines()).containsExactly("a".repeat(BinaryDetector.SAMPLE_SIZE - 1) + "€ and more");
    // the same cut at the real end of the data is invalid
    assertThat(BinaryDetector.detect(content, BinaryDetector.SAMPLE_SIZE, true).binary()).isTrue();
    assertThat(BinaryDetector.detect(content, BinaryDetector.SAMPLE_SIZE, false).binary()).isFalse();
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void fifoIsRefusedWithoutHanging() throws Exception {
    Path fifo = dir.resolve("pipe");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mk.waitFor()).isZero();
    // no writer ever opens the FIFO: opening it for reading would block forever
    assertThatThrownBy(() -> TextReader.read(fifo, ReadOptions.defaults()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("is a FIFO");
  }

  @Test
  void devicesAndDirectoriesAreRefused() {
    assertThatThrownBy(() -> TextReader.read(Path.of("/dev/zero"), ReadOptions.defaults()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("character device");
    assertThatThrownBy(() -> TextReader.read(dir, ReadOptions.defaults()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("is a directory");
    assertThatThrownBy(() -> TextReader.read(dir.resolve("absent"), ReadOptions.defaults()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void emptyFileHasNoLines() throws Exception {
    Path p = dir.resolve("empty");
    Files.write(p, new byte[0]);
    ReadResult r = TextReader.read(p, ReadOptions.defaults());
    assertThat(r.lines()).isEmpty();
    assertThat(r.totalLines()).isZero();
    assertThat(TextReader.read(p, ReadOptions.tail(3)).lines()).isEmpty();
  }

  @Test
  void badOptionsAreRejected() {
    assertThatThrownBy(() -> ReadOptions.window(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReadOptions.window(1, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }
}
