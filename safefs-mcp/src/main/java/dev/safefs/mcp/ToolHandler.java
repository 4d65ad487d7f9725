package dev.safefs.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.util.Map;

/** One tool: its definition (name, description, schemas, annotations) and a small handler over the core. */
public interface ToolHandler {

  McpSchema.Tool definition();

  /**
   * Runs one call. A {@link dev.safefs.SafeFsException} or other {@link IOException} becomes a tool error the
   * model can act on; a runtime exception is a bug and becomes a JSON-RPC error.
   */
  CallToolResult call(Args args) throws IOException;

  /** The annotations every tool declares, read-only tools with the two false hints left out as the official does. */
  static McpSchema.ToolAnnotations annotations(String title, boolean readOnly, boolean destructive,
      boolean idempotent) {
    return new McpSchema.ToolAnnotations(title, readOnly, readOnly ? false : destructive,
        readOnly ? true : idempotent, false, null);
  }

  static McpSchema.Tool tool(String name, String title, String description, Map<String, Object> input,
      Map<String, Object> output, McpSchema.ToolAnnotations annotations) {
    return McpSchema.Tool.builder()
        .name(name)
        .title(title)
        .description(description)
        .inputSchema(input)
        .outputSchema(output)
        .annotations(annotations)
        .build();
  }
}
