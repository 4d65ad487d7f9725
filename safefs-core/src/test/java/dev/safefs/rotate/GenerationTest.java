package dev.safefs.rotate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class GenerationTest {

  @Test
  void namesPlainAndCompressedGenerations() {
    assertThat(new Generation(1, false).name("app.log")).isEqualTo("app.log.1");
    assertThat(new Generation(12, true).name("app.log")).isEqualTo("app.log.12.gz");
    assertThat(new Generation(3, false).withNumber(4).compressedForm().name("x")).isEqualTo("x.4.gz");
  }

  @Test
  void parsesWhatItNames() {
    for (int n : new int[] {1, 2, 9, 10, 99, 1000, 999_999_999}) {
      for (boolean gz : new boolean[] {false, true}) {
        Generation g = new Generation(n, gz);
        assertThat(Generation.parse("app.log", g.name("app.log"))).isEqualTo(g);
      }
    }
  }

  @Test
  void aBaseWithDotsAndDigitsStillParses() {
    assertThat(Generation.parse("a.1", "a.1.2")).isEqualTo(new Generation(2, false));
    assertThat(Generation.parse("a.1", "a.1")).isNull();
    assertThat(Generation.parse("a.1.gz", "a.1.gz.3.gz")).isEqualTo(new Generation(3, true));
  }

  @ParameterizedTest
  @ValueSource(strings = {"app.log", "app.log.", "app.log.0", "app.log.01", "app.log.1.gz.gz", "app.log.gz",
      "app.log.-1", "app.log.+1", "app.log.1a", "app.log.1.bz2", "app.log.1 ", "app.log.١", "app.logx.1",
      "app.log2.1", "xapp.log.1", "app.log.1234567890", ".app.log.1", "app.log..1", "app.log.1.GZ",
      ".app.log.1.gz.123-00ff.safefs-tmp"})
  void rejectsWhatIsNotAGeneration(String name) {
    assertThat(Generation.parse("app.log", name)).isNull();
  }

  @Test
  void anEmptyBaseHasNoGenerations() {
    assertThat(Generation.parse("", ".1")).isNull();
  }

  @Test
  void numbersStartAtOne() {
    assertThatThrownBy(() -> new Generation(0, false)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Generation(-3, true)).isInstanceOf(IllegalArgumentException.class);
  }
}
