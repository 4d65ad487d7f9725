package dev.safefs.purge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlobTest {

  private static boolean onBytes(Glob g, String name) {
    byte[] b = ("__" + name + "__").getBytes(StandardCharsets.UTF_8);
    return g.matchesNameBytes(b, 2, b.length - 4);
  }

  @Test
  void asciiSuffixPrefixAndLiteralGlobsMatchOnBytesExactlyAsOnStrings() {
    List<String> names = List.of("a.log", ".log", "log", "a.LOG", "a.log.1", "\u00e9.log", "app", "app.log",
        "apple", "ap", "x", "\ufffd.log", "");
    for (String glob : List.of("*.log", "app*", "app.log", "*")) {
      Glob g = Glob.compile(glob);
      assertThat(g.matchesBytes()).as(glob).isTrue();
      for (String n : names) {
        assertThat(onBytes(g, n)).as(glob + " on " + n).isEqualTo(g.matches(n, n));
      }
    }
  }

  @Test
  void malformedUtf8EndingInTheSuffixMatchesLikeItsDecodedName() {
    Glob g = Glob.compile("*.log");
    byte[] b = {(byte) 0xe2, (byte) 0x82, '.', 'l', 'o', 'g'};
    String decoded = new String(b, StandardCharsets.UTF_8);
    assertThat(g.matchesNameBytes(b, 0, b.length)).isTrue().isEqualTo(g.matches(decoded, decoded));
  }

  @Test
  void globsThatNeedAStringSayso() {
    assertThat(Glob.compile("*.l?g").matchesBytes()).isFalse();
    assertThat(Glob.compile("logs/*.log").matchesBytes()).isFalse();
    assertThat(Glob.compile("*.\u00e9").matchesBytes()).isFalse();
  }
}
