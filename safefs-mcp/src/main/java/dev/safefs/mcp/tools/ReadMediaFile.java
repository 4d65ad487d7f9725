package dev.safefs.mcp.tools;

import dev.safefs.mcp.Args;
import dev.safefs.mcp.Context;
import dev.safefs.mcp.FileReads;
import dev.safefs.mcp.Schema;
import dev.safefs.mcp.ToolHandler;
import dev.safefs.sandbox.Resolved;
import dev.safefs.sandbox.Sandbox.Access;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** read_media_file: base64 image or audio content, any other file as an embedded resource. */
public final class ReadMediaFile implements ToolHandler {
  private static final Map<String, String> MIME = Map.ofEntries(
      Map.entry(".png", "image/png"), Map.entry(".jpg", "image/jpeg"), Map.entry(".jpeg", "image/jpeg"),
      Map.entry(".gif", "image/gif"), Map.entry(".webp", "image/webp"), Map.entry(".bmp", "image/bmp"),
      Map.entry(".svg", "image/svg+xml"), Map.entry(".mp3", "audio/mpeg"), Map.entry(".wav", "audio/wav"),
      Map.entry(".ogg", "audio/ogg"), Map.entry(".flac", "audio/flac"));
  /** Base64 grows by a third; 16 MiB of file is about the most a client takes in one message. */
  static final long MAX_BYTES = 12L << 20;

  private final Context ctx;

  public ReadMediaFile(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolHandler.tool("read_media_file", "Read Media File",
        "Read a file and return it as a base64-encoded content block with its MIME type. "
            + "Image and audio files are returned as image/audio content; any other file type is "
            + "returned as an embedded resource. Only works within allowed directories.",
        Schema.object().string("path", true, null).build(),
        Map.of("type", "object", "properties", Map.of("content", Map.of("type", "array")),
            "required", List.of("content")),
        ToolHandler.annotations("Read Media File", true, false, true));
  }

  @Override
  public CallToolResult call(Args args) throws IOException {
    String path = args.string("path");
    byte[] data;
    String file;
    try (Resolved r = ctx.sandbox().resolve("read_media_file", path, Access.READ)) {
      data = FileReads.bytes(ctx.os(), r, "read_media_file", MAX_BYTES);
      file = r.path().toString();
    }
    int dot = file.lastIndexOf('.');
    String ext = dot < 0 || file.lastIndexOf('/') > dot ? "" : file.substring(dot).toLowerCase(Locale.ROOT);
    String mime = MIME.getOrDefault(ext, "application/octet-stream");
    String b64 = Base64.getEncoder().encodeToString(data);
    McpSchema.Content item;
    Map<String, Object> structuredItem = new LinkedHashMap<>();
    if (mime.startsWith("image/")) {
      item = new McpSchema.ImageContent(null, b64, mime);
      structuredItem.put("type", "image");
    } else if (mime.startsWith("audio/")) {
      item = new McpSchema.AudioContent(null, b64, mime);
      structuredItem.put("type", "audio");
    } else {
      String uri = java.nio.file.Path.of(file).toUri().toString();
      item = new McpSchema.EmbeddedResource(null, new McpSchema.BlobResourceContents(uri, mime, b64));
      structuredItem.put("type", "resource");
      structuredItem.put("resource", Map.of("uri", uri, "mimeType", mime, "blob", b64));
    }
    if (!structuredItem.containsKey("resource")) {
      structuredItem.put("data", b64);
      structuredItem.put("mimeType", mime);
    }
    return CallToolResult.builder()
        .content(List.of(item))
        .structuredContent(Map.of("content", List.of(structuredItem)))
        .isError(false)
        .build();
  }
}
