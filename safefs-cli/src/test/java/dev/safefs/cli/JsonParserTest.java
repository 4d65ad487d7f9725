package dev.safefs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonParserTest {
  @Test
  @SuppressWarnings("unchecked")
  void parsesTheWholeGrammar() throws Exception {
    Object v = JsonParser.parse(" {\"a\": [1, -2.5e3, true, false, null,"
        + " \"x\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"],"
        + " \"b\": {}, \"c\": [], \"d\": 12345678901234567890} ");
    Map<?, ?> m = (Map<?, ?>) v;
    assertThat((List<Object>) m.get("a")).containsExactly(1L, -2500.0, true, false, null, "x\"\\/\b\f\n\r\té😀");
    assertThat(m.get("b")).isEqualTo(Map.of());
    assertThat(m.get("c")).isEqualTo(List.of());
    assertThat(m.get("d")).isEqualTo(1.2345678901234567e19);
    assertThat(m.keySet().stream().map(String::valueOf).toList()).containsExactly("a", "b", "c", "d");
  }

  @Test
  void rejectsWhatStrictJsonRejects() {
    for (String bad : List.of("", "[", "[1,]", "{\"a\":1,}", "{a:1}", "'x'", "[01]", "[1.]", "[.5]", "[-]", "tru",
        "\"\t\"", "\"\\q\"", "\"\\u12\"", "[1] [2]", "{\"a\":1 \"b\":2}", "NaN", "[1e]", "{\"a\" 1}",
        "\"\\ud800\"", "\"\\udc00\\ud800\"")) {
      assertThatThrownBy(() -> JsonParser.parse(bad)).as(bad).isInstanceOf(JsonParser.JsonException.class)
          .hasMessageStartingWith("invalid JSON at line ");
    }
  }

  @Test
  void reportsLineAndColumnAndRefusesDeepNesting() {
    assertThatThrownBy(() -> JsonParser.parse("[\n  1,\n  x]")).hasMessage(
        "invalid JSON at line 3, column 3: unexpected character 'x'");
    assertThatThrownBy(() -> JsonParser.parse("[".repeat(100) + "]".repeat(100))).hasMessageContaining("deeper");
  }
}
