package dev.safefs.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tool results as the official filesystem server shapes them: one text block, and the same text as structured
 * content {@code {"content": text}}; safefs adds its own fields beside {@code content}.
 */
public final class Results {
  private Results() {}

  /** The output schema of a text tool: {@code content} always, safefs's extra fields optional. */
  public static final Map<String, Object> TEXT_OUTPUT = Map.of(
      "type", "object",
      "properties", Map.of("content", Map.of("type", "string")),
      "required", List.of("content"));

  public static CallToolResult text(String text) {
    return text(text, Map.of());
  }

  public static CallToolResult text(String text, Map<String, ?> extra) {
    Map<String, Object> structured = new LinkedHashMap<>();
    structured.put("content", text);
    structured.putAll(extra);
    return CallToolResult.builder()
        .content(List.of(new McpSchema.TextContent(text)))
        .structuredContent(structured)
        .isError(false)
        .build();
  }

  /** A failure the model can fix: a tool result with isError and a message that says what to do. */
  public static CallToolResult error(String message) {
    return CallToolResult.builder()
        .content(List.of(new McpSchema.TextContent(message)))
        .isError(true)
        .build();
  }
}
