package dev.safefs.mcp;

import dev.safefs.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The arguments of one tool call, read with the type each tool expects. A wrong or missing argument is an
 * {@link InvalidInputException}, which the server turns into a tool error the model can fix (the SDK validates
 * against the input schema first; this is the second line, and the one that names the tool's own rules).
 */
public final class Args {
  private final String tool;
  private final Map<String, Object> map;

  public Args(String tool, Map<String, Object> map) {
    this.tool = tool;
    this.map = map == null ? Map.of() : map;
  }

  public String tool() {
    return tool;
  }

  public boolean has(String name) {
    return map.get(name) != null;
  }

  public String string(String name) throws InvalidInputException {
    Object v = map.get(name);
    if (v == null) {
      throw invalid("'" + name + "' is required (a string)");
    }
    if (!(v instanceof String s)) {
      throw invalid("'" + name + "' must be a string, not " + typeOf(v));
    }
    return s;
  }

  public String optString(String name, String dflt) throws InvalidInputException {
    return has(name) ? string(name) : dflt;
  }

  public boolean bool(String name, boolean dflt) throws InvalidInputException {
    Object v = map.get(name);
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof Boolean b)) {
      throw invalid("'" + name + "' must be true or false, not " + typeOf(v));
    }
    return b;
  }

  /** A non-negative whole number, or null when absent. */
  public Long optLong(String name) throws InvalidInputException {
    Object v = map.get(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.floor(n.doubleValue()) || n.doubleValue() < 0
        || Double.isInfinite(n.doubleValue())) {
      throw invalid("'" + name + "' must be a non-negative whole number, not " + v);
    }
    return n.longValue();
  }

  public List<String> strings(String name, boolean required) throws InvalidInputException {
    Object v = map.get(name);
    if (v == null) {
      if (required) {
        throw invalid("'" + name + "' is required (an array of strings)");
      }
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw invalid("'" + name + "' must be an array of strings, not " + typeOf(v));
    }
    List<String> out = new ArrayList<>(list.size());
    for (Object o : list) {
      if (!(o instanceof String s)) {
        throw invalid("'" + name + "' must contain only strings, found " + typeOf(o));
      }
      out.add(s);
    }
    return out;
  }

  /** An array of objects (edits). */
  public List<Map<String, Object>> objects(String name) throws InvalidInputException {
    Object v = map.get(name);
    if (!(v instanceof List<?> list)) {
      throw invalid("'" + name + "' is required (an array of objects)");
    }
    List<Map<String, Object>> out = new ArrayList<>(list.size());
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> m)) {
        throw invalid("'" + name + "' must contain only objects, found " + typeOf(o));
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> cast = (Map<String, Object>) m;
      out.add(cast);
    }
    return out;
  }

  public InvalidInputException invalid(String reason) {
    return new InvalidInputException(tool, null, reason);
  }

  private static String typeOf(Object v) {
    if (v instanceof String) {
      return "a string";
    }
    if (v instanceof Number) {
      return "a number";
    }
    if (v instanceof Boolean) {
      return "a boolean";
    }
    if (v instanceof List) {
      return "an array";
    }
    if (v instanceof Map) {
      return "an object";
    }
    return v.getClass().getSimpleName();
  }
}
