package dev.safefs.cli;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/** The little JSON the CLI prints: objects, arrays, strings, numbers, booleans and null. */
final class Json {
  private Json() {}

  static String of(Object value) {
    StringBuilder sb = new StringBuilder();
    append(sb, value);
    return sb.toString();
  }

  private static void append(StringBuilder sb, Object v) {
    switch (v) {
      case null -> sb.append("null");
      case String s -> dev.safefs.JsonStrings.quote(sb, s);
      case Number n -> sb.append(n);
      case Boolean b -> sb.append(b);
      case Map<?, ?> m -> {
        sb.append('{');
        Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
        while (it.hasNext()) {
          Map.Entry<?, ?> e = it.next();
          dev.safefs.JsonStrings.quote(sb, String.valueOf(e.getKey()));
          sb.append(':');
          append(sb, e.getValue());
          if (it.hasNext()) {
            sb.append(',');
          }
        }
        sb.append('}');
      }
      case Collection<?> c -> {
        sb.append('[');
        Iterator<?> it = c.iterator();
        while (it.hasNext()) {
          append(sb, it.next());
          if (it.hasNext()) {
            sb.append(',');
          }
        }
        sb.append(']');
      }
      default -> dev.safefs.JsonStrings.quote(sb, v.toString());
    }
  }
}
