package dev.safefs.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safefs.InvalidInputException;
import dev.safefs.os.Os;
import dev.safefs.sandbox.Resolved;
import dev.safefs.sandbox.Sandbox;
import dev.safefs.sandbox.SandboxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileReads#bytes}: exactly the file's bytes, whatever its size, and the size cap. */
class FileReadsTest {
  @TempDir Path root;

  private byte[] read(String name, long max) throws IOException {
    try (Sandbox sb = Sandbox.open(Os.get(), List.of(root), SandboxOptions.defaults());
        Resolved r = sb.resolve("read_text_file", root.resolve(name).toString(), Sandbox.Access.READ)) {
      return FileReads.bytes(Os.get(), r, "read_text_file", max);
    }
  }

  @Test
  void readsEmptySmallAndLargeFilesByteForByte() throws IOException {
    Random random = new Random(7);
    for (int size : new int[] {0, 1, 1023, 8192, 8193, 65536, 300_000}) {
      byte[] content = new byte[size];
      random.nextBytes(content);
      Files.write(root.resolve("f" + size), content);
      assertThat(read("f" + size, 1 << 20)).as("%d bytes", size).isEqualTo(content);
    }
  }

  @Test
  void aFileOverTheCapIsRefusedWithAHint() throws IOException {
    Files.write(root.resolve("big"), new byte[2000]);
    assertThatThrownBy(() -> read("big", 1000)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("more than the 1000 bytes");
  }
}
