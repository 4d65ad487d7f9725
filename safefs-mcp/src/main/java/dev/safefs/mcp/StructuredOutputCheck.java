package dev.safefs.mcp;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.List;
import java.util.Map;

/**
 * The check the SDK runs on every tool result against the tool's output schema. safefs's output schemas are its
 * own and flat ({@code content} plus optional fields), so checking the required top-level fields is the whole
 * schema; a general JSON-schema engine on every call would cost more than the tool itself. Tool arguments are
 * checked by {@link Args} in each handler, with messages that name the tool's own rules.
 */
final class StructuredOutputCheck implements JsonSchemaValidator {

  @Override
  public ValidationResponse validate(Map<String, Object> schema, Object value) {
    if (schema == null) {
      return ValidationResponse.asValid(null);
    }
    if (!(value instanceof Map<?, ?> map)) {
      return ValidationResponse.asInvalid("structured content must be an object");
    }
    if (schema.get("required") instanceof List<?> required) {
      for (Object name : required) {
        if (!map.containsKey(name)) {
          return ValidationResponse.asInvalid("structured content lacks '" + name + "'");
        }
      }
    }
    return ValidationResponse.asValid(null);
  }
}
