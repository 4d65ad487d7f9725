package dev.safefs.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small builder for the JSON schemas of tool inputs and outputs, shaped as the official server's. */
public final class Schema {
  private final Map<String, Object> properties = new LinkedHashMap<>();
  private final List<String> required = new ArrayList<>();

  public static Schema object() {
    return new Schema();
  }

  public Schema string(String name, boolean req, String description) {
    return prop(name, req, type("string", description));
  }

  public Schema number(String name, boolean req, String description) {
    return prop(name, req, type("number", description));
  }

  public Schema integer(String name, boolean req, String description) {
    return prop(name, req, type("integer", description));
  }

  public Schema bool(String name, boolean req, String description) {
    return prop(name, req, type("boolean", description));
  }

  public Schema bool(String name, boolean dflt, boolean req, String description) {
    Map<String, Object> t = type("boolean", description);
    t.put("default", dflt);
    return prop(name, req, t);
  }

  public Schema strings(String name, boolean req, String description) {
    Map<String, Object> t = type("array", description);
    t.put("items", Map.of("type", "string"));
    return prop(name, req, t);
  }

  public Schema enumeration(String name, boolean req, String description, String dflt, String... values) {
    Map<String, Object> t = type("string", description);
    t.put("enum", List.of(values));
    if (dflt != null) {
      t.put("default", dflt);
    }
    return prop(name, req, t);
  }

  public Schema prop(String name, boolean req, Map<String, Object> schema) {
    properties.put(name, schema);
    if (req) {
      required.add(name);
    }
    return this;
  }

  public static Map<String, Object> type(String type, String description) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("type", type);
    if (description != null) {
      t.put("description", description);
    }
    return t;
  }

  public Map<String, Object> build() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "object");
    s.put("properties", properties);
    if (!required.isEmpty()) {
      s.put("required", required);
    }
    return s;
  }
}
