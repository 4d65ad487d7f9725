package dev.safefs.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * The SDK's JSON mapper, with the two conversions every tool call makes done directly: the SDK parses a message
 * into a map and then converts the map into a {@code JSONRPCRequest}, and the request's params into a
 * {@code CallToolRequest}, each by a Jackson round trip (the whole map written to a token buffer and read back,
 * a file's content included). A map whose keys and value types are exactly those of the record becomes the record
 * by its constructor; anything else (unknown keys, odd types) goes through Jackson as before, with its checks and
 * errors.
 */
final class RequestMapper implements McpJsonMapper {
  private static final Set<String> REQUEST_KEYS = Set.of("jsonrpc", "method", "id", "params");
  private static final Set<String> CALL_KEYS = Set.of("name", "arguments", "_meta");

  private final McpJsonMapper jackson;

  RequestMapper(McpJsonMapper jackson) {
    this.jackson = jackson;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T convertValue(Object value, Class<T> type) {
    if (type == McpSchema.JSONRPCRequest.class && value instanceof Map<?, ?> m && REQUEST_KEYS.containsAll(m.keySet())
        && m.get("jsonrpc") instanceof String v && m.get("method") instanceof String method
        && (m.get("id") instanceof String || m.get("id") instanceof Integer || m.get("id") instanceof Long)
        && (m.get("params") == null || m.get("params") instanceof Map<?, ?>)) {
      return (T) new McpSchema.JSONRPCRequest(v, method, m.get("id"), m.get("params"));
    }
    return jackson.convertValue(value, type);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T convertValue(Object value, TypeRef<T> type) {
    if (type.getType() == McpSchema.CallToolRequest.class && value instanceof Map<?, ?> m
        && CALL_KEYS.containsAll(m.keySet()) && m.get("name") instanceof String name
        && (m.get("arguments") == null || m.get("arguments") instanceof Map<?, ?>)
        && (m.get("_meta") == null || m.get("_meta") instanceof Map<?, ?>)) {
      return (T) new McpSchema.CallToolRequest(name, (Map<String, Object>) m.get("arguments"),
          (Map<String, Object>) m.get("_meta"));
    }
    return jackson.convertValue(value, type);
  }

  @Override
  public <T> T readValue(String content, Class<T> type) throws IOException {
    return jackson.readValue(content, type);
  }

  @Override
  public <T> T readValue(byte[] content, Class<T> type) throws IOException {
    return jackson.readValue(content, type);
  }

  @Override
  public <T> T readValue(String content, TypeRef<T> type) throws IOException {
    return jackson.readValue(content, type);
  }

  @Override
  public <T> T readValue(byte[] content, TypeRef<T> type) throws IOException {
    return jackson.readValue(content, type);
  }

  @Override
  public String writeValueAsString(Object value) throws IOException {
    return jackson.writeValueAsString(value);
  }

  @Override
  public byte[] writeValueAsBytes(Object value) throws IOException {
    return jackson.writeValueAsBytes(value);
  }
}
