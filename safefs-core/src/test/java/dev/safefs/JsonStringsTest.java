package dev.safefs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonStringsTest {
  @Test
  void escapesAsJsonStringifyDoes() {
    // JSON.stringify("a\"b\\c\n\r\t\b\f\u0001\u001f é ✓ \ud83d\ude00") in node
    assertThat(JsonStrings.quote("a\"b\\c\n\r\t\b\f\u0001\u001f é ✓ \ud83d\ude00"))
        .isEqualTo("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f é ✓ \ud83d\ude00\"");
  }

  @Test
  void appendsToWhatIsThere() {
    StringBuilder sb = new StringBuilder("x=");
    JsonStrings.quote(sb, "");
    assertThat(sb).hasToString("x=\"\"");
  }
}
