package dev.safefs.edit;

import dev.safefs.Hashes;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safefs.ConflictException;
import dev.safefs.NoMatchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compare-and-swap against concurrent writers, and the streamed path for files over the in-memory limit. */
class StreamingAndConflictTest {

  @TempDir
  Path dir;

  @AfterEach
  void reset() {
    EditEngine.beforePublish = () -> { };
    System.clearProperty("safefs.edit.inMemoryLimit");
  }

  private static <T> T streamed(Callable<T> c) throws Exception {
    System.setProperty("safefs.edit.inMemoryLimit", "16");
    try {
      return c.call();
    } finally {
      System.clearProperty("safefs.edit.inMemoryLimit");
    }
  }

  private void changeMeanwhile(Path p, String content) {
    EditEngine.beforePublish = () -> {
      try {
        Files.writeString(p, content);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  @Test
  void aConcurrentChangeIsAConflictNotALostUpdate() throws IOException {
    Path p = dir.resolve("f.txt");
    Files.writeString(p, "a\nb\n");
    changeMeanwhile(p, "a\nb\nsomeone else's line\n");
    assertThatThrownBy(() -> EditEngine.edit(p, List.of(Edit.of("b", "B")), EditOptions.defaults()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("changed while the edit was being made");
    assertThat(Files.readString(p)).isEqualTo("a\nb\nsomeone else's line\n");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aConcurrentChangeDuringAStreamedEditIsAConflict() throws Exception {
    Path p = dir.resolve("big.txt");
    Files.writeString(p, "0123456789\nneedle here\nmore text\n");
    changeMeanwhile(p, "replaced by another writer\n");
    assertThatThrownBy(() -> streamed(() -> EditEngine.edit(p, List.of(Edit.of("needle", "pin")),
        EditOptions.defaults()))).isInstanceOf(ConflictException.class);
    assertThat(Files.readString(p)).isEqualTo("replaced by another writer\n");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aStreamedEditOfAFileAtRestIsNotHashedButStillSeesAnInPlaceChange() throws Exception {
    // files last changed before the edit's clock tick: not hashed unless asked, an unchanged stat is trusted at
    // publish, and an in-place write (same inode, same size) during the edit still moves the change time: a conflict
    Path calm = dir.resolve("calm.txt");
    Path asked = dir.resolve("asked.txt");
    Path busy = dir.resolve("busy.txt");
    Files.writeString(calm, "header\nneedle\ntrailer\n");
    Files.writeString(asked, "header\nneedle\ntrailer\n");
    Files.writeString(busy, "header\nneedle\ntrailer\n");
    String before = Hashes.sha256(Files.readAllBytes(calm));
    Thread.sleep(30); // past the clock tick of those writes (see AtomicWriter.statProvesUnchanged)
    EditResult r = streamed(() -> EditEngine.edit(calm, List.of(Edit.of("needle", "pinned")), EditOptions.defaults()));
    assertThat(r.written()).isTrue();
    assertThat(r.changed()).isTrue();
    assertThat(Files.readString(calm)).isEqualTo("header\npinned\ntrailer\n");
    assertThat(r.sha256Before()).isNull();
    assertThat(r.sha256After()).isNull();
    EditResult h = streamed(() -> EditEngine.edit(asked, List.of(Edit.of("needle", "pinned")),
        EditOptions.defaults().withHashStreamed(true)));
    assertThat(h.sha256Before()).isEqualTo(before);
    assertThat(h.sha256After()).isEqualTo(Hashes.sha256(Files.readAllBytes(asked)))
        .isEqualTo(Hashes.sha256(Files.readAllBytes(calm)));
    EditEngine.beforePublish = () -> {
      try (var ch = java.nio.channels.FileChannel.open(busy, java.nio.file.StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap("HEADER".getBytes(UTF_8)), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
    long ino = (Long) Files.getAttribute(busy, "unix:ino");
    assertThatThrownBy(() -> streamed(() -> EditEngine.edit(busy, List.of(Edit.of("needle", "pinned")),
        EditOptions.defaults()))).isInstanceOf(ConflictException.class).hasMessageContaining("size or times moved");
    assertThat(Files.readString(busy)).isEqualTo("HEADER\nneedle\ntrailer\n");
    assertThat((Long) Files.getAttribute(busy, "unix:ino")).isEqualTo(ino);
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void streamedEditMatchesTheInMemoryEditByteForByte() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 200_000; i++) {
      sb.append("line ").append(i).append(" of the file\r\n");
    }
    String content = sb.toString();
    Path a = dir.resolve("a.txt");
    Path b = dir.resolve("b.txt");
    Files.writeString(a, content);
    Files.writeString(b, content);
    Edit e = Edit.of("line 199990 of the file\nline 199991", "changed\nlines");
    EditResult streamed = streamed(() -> EditEngine.edit(a, List.of(e), EditOptions.defaults().withHashStreamed(true)));
    EditResult memory = EditEngine.edit(b, List.of(e), EditOptions.defaults());
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    assertThat(streamed.changes()).isEqualTo(memory.changes());
    assertThat(streamed.changes().getFirst().ranges()).containsExactly(new LineRange(199991, 199992, 199991, 199992));
    assertThat(streamed.diff().replace("a.txt", "b.txt")).isEqualTo(memory.diff());
    assertThat(streamed.sha256Before()).isEqualTo(memory.sha256Before());
    assertThat(streamed.sha256After()).isEqualTo(memory.sha256After())
        .isEqualTo(Hashes.sha256(Files.readAllBytes(a)));
  }

  @Test
  void streamedMatchAcrossTheBufferBoundaryIsFound() throws Exception {
    // the needle straddles the 1 MiB read buffer
    int chunk = 1 << 20;
    String prefix = "x".repeat(chunk - 3);
    Path p = dir.resolve("edge.txt");
    Files.writeString(p, prefix + "NEEDLE" + "y".repeat(100) + "\n");
    streamed(() -> EditEngine.edit(p, List.of(Edit.of("NEEDLE", "pin")), EditOptions.defaults()));
    assertThat(Files.readString(p)).isEqualTo(prefix + "pin" + "y".repeat(100) + "\n");
  }

  @Test
  void streamedAmbiguityListsEveryLineAndWritesNothing() throws Exception {
    Path p = dir.resolve("amb.txt");
    Files.writeString(p, "a\nkey\nb\nkey\nc\nkey\n");
    assertThatThrownBy(() -> streamed(() -> EditEngine.edit(p, List.of(Edit.of("key", "k")),
        EditOptions.defaults()))).isInstanceOf(ConflictException.class).hasMessageContaining("at lines 2, 4, 6");
    assertThat(Files.readString(p)).isEqualTo("a\nkey\nb\nkey\nc\nkey\n");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void streamedNoMatchAndAlreadyApplied() throws Exception {
    Path p = dir.resolve("nm.txt");
    Files.writeString(p, "alpha\nbeta\ngamma\n");
    assertThatThrownBy(() -> streamed(() -> EditEngine.edit(p, List.of(Edit.of("delta", "x")),
        EditOptions.defaults()))).isInstanceOf(NoMatchException.class).hasMessageContaining("only exact");
    EditResult r = streamed(() -> EditEngine.edit(p, List.of(Edit.of("BETA", "beta")), EditOptions.defaults()));
    assertThat(r.changes().getFirst().alreadyApplied()).isTrue();
    assertThat(r.written()).isFalse();
    assertThat(Files.readString(p)).isEqualTo("alpha\nbeta\ngamma\n");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void streamedReplaceAllAndDryRun() throws Exception {
    Path p = dir.resolve("all.txt");
    Files.writeString(p, "k1\nk2\nk3\n");
    EditResult dry = streamed(() -> EditEngine.edit(p, List.of(new Edit("k", "key", true)),
        EditOptions.defaults().withDryRun(true).withHashStreamed(true)));
    assertThat(Files.readString(p)).isEqualTo("k1\nk2\nk3\n");
    assertThat(dry.changes().getFirst().ranges()).hasSize(3);
    EditResult real = streamed(() -> EditEngine.edit(p, List.of(new Edit("k", "key", true)),
        EditOptions.defaults().withHashStreamed(true)));
    assertThat(Files.readString(p, UTF_8)).isEqualTo("key1\nkey2\nkey3\n");
    assertThat(real.sha256After()).isEqualTo(dry.sha256After()).isNotNull();
  }

  private List<String> leftovers() throws IOException {
    try (var s = Files.list(dir)) {
      return s.map(x -> x.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
    }
  }
}
