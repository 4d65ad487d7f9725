package dev.safefs.find;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safefs.os.Dir;
import dev.safefs.os.FileHandle;
import dev.safefs.os.Os;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native-memory path of one searcher, on whichever OS layer the suite runs (both read into a segment). */
class FileSearcherTest {
  @TempDir
  Path root;

  private static FileSearcher searcher(String literal, SearchOptions.Mode mode, boolean ignoreCase) {
    SearchOptions options = SearchOptions.of(literal).withFixed(true).withIgnoreCase(ignoreCase).withMode(mode);
    return new FileSearcher(LineFinder.of(literal, true, ignoreCase), options, true);
  }

  private FileMatches search(FileSearcher s, String name) throws Exception {
    Os os = Os.get();
    try (Dir dir = os.openDir(root); FileHandle f = os.open(dir, name, Os.Access.READ, false)) {
      return s.search(f, name);
    }
  }

  @Test
  void onlyListingFilesForACaseSensitiveLiteralGoesNative() {
    assertThat(searcher("needle", SearchOptions.Mode.FILES, false).searchesNativeMemory()).isTrue();
    assertThat(searcher("needle", SearchOptions.Mode.LINES, false).searchesNativeMemory()).isFalse();
    assertThat(searcher("needle", SearchOptions.Mode.COUNTS, false).searchesNativeMemory()).isFalse();
    assertThat(searcher("needle", SearchOptions.Mode.FILES, true).searchesNativeMemory()).isFalse();
    assertThat(searcher("", SearchOptions.Mode.FILES, false).searchesNativeMemory()).isFalse();
  }

  @Test
  void oneSearcherFindsTheLiteralFileAfterFile() throws Exception {
    int read = 256 << 10;
    Files.writeString(root.resolve("big.txt"), "y".repeat(read * 3 - 2) + "needle");
    Files.writeString(root.resolve("small.txt"), "a needle");
    Files.writeString(root.resolve("none.txt"), "needl".repeat(100_000));
    Files.write(root.resolve("bin"), "\0needle".getBytes());
    FileSearcher s = searcher("needle", SearchOptions.Mode.FILES, false);
    // the same searcher, its buffer reused: what one file left in it must not make the next one match
    assertThat(search(s, "big.txt")).extracting(FileMatches::relative, FileMatches::count)
        .containsExactly("big.txt", 1L);
    assertThat(search(s, "none.txt")).isNull();
    assertThat(search(s, "small.txt")).isNotNull();
    assertThat(search(s, "bin")).isNull();
    assertThat(search(s, "none.txt")).isNull();
  }
}
