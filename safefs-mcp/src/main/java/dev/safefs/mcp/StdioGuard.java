package dev.safefs.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands between stdin and the SDK's stdio transport, which ends the session on the first line it cannot parse or
 * that exceeds its size limit. This stream hands the transport only lines that are well-formed JSON-RPC messages;
 * any other line (broken JSON, a JSON value that is no JSON-RPC message, a line longer than {@code maxLine} bytes)
 * is answered here with a JSON-RPC error (-32700 parse error, -32600 invalid request) on the transport's own
 * output stream, under the lock the transport writes with, and the server keeps serving.
 */
public final class StdioGuard extends InputStream {
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(-?\\d{1,18}|\"(?:[^\"\\\\]|\\\\.){0,200}\")");

  private final InputStream in;
  private final OutputStream out;
  private final McpJsonMapper mapper;
  private final int maxLine;
  private final byte[] chunk = new byte[64 * 1024];
  private int chunkPos;
  private int chunkLen;
  private byte[] current = new byte[0];
  private int pos;
  private boolean eof;
  private final Runnable onEof;

  /** {@code out} must be the very stream object given to the transport: error replies lock on it as it does. */
  public StdioGuard(InputStream in, OutputStream out, McpJsonMapper mapper, int maxLine, Runnable onEof) {
    this.in = in;
    this.out = out;
    this.mapper = mapper;
    this.maxLine = maxLine;
    this.onEof = onEof;
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return current[pos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, current.length - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public int available() {
    return current.length - pos;
  }

  /** Makes sure {@code current} has unread bytes of a valid message line; false at the end of input. */
  private boolean fill() throws IOException {
    while (pos >= current.length) {
      if (eof) {
        return false;
      }
      Line line = nextLine();
      if (line == null) {
        eof = true;
        onEof.run();
        return false;
      }
      if (line.oversized) {
        reply(line.idHint, -32600, "Invalid Request: message larger than " + maxLine + " bytes");
        continue;
      }
      String text = new String(line.bytes, 0, line.length, StandardCharsets.UTF_8).strip();
      if (text.isEmpty()) {
        continue;
      }
      String problem = check(text);
      if (problem != null) {
        continue;
      }
      byte[] msg = new byte[line.length + 1];
      System.arraycopy(line.bytes, 0, msg, 0, line.length);
      msg[line.length] = '\n';
      current = msg;
      pos = 0;
    }
    return true;
  }

  /** Null when {@code text} is a JSON-RPC message the transport accepts; otherwise replies and says why. */
  private String check(String text) {
    Object tree;
    try {
      tree = mapper.readValue(text, Object.class);
    } catch (Exception e) {
      reply(idHint(text), -32700, "Parse error: the line is not valid JSON");
      return "parse";
    }
    try {
      McpSchema.deserializeJsonRpcMessage(mapper, text);
      if (!(tree instanceof Map<?, ?> m) || !"2.0".equals(m.get("jsonrpc"))) {
        throw new IllegalArgumentException("not a JSON-RPC 2.0 object");
      }
      return null;
    } catch (Exception e) {
      Object id = tree instanceof Map<?, ?> m ? m.get("id") : null;
      String idJson = null;
      if (id instanceof Number || id instanceof String) {
        try {
          idJson = mapper.writeValueAsString(id);
        } catch (IOException io) {
          idJson = null;
        }
      }
      reply(idJson, -32600,
          "Invalid Request: not a JSON-RPC 2.0 request, response or notification");
      return "invalid";
    }
  }

  private record Line(byte[] bytes, int length, boolean oversized, String idHint) {}

  /** Reads up to the next newline; a line longer than the limit is consumed and reported, never buffered. */
  private Line nextLine() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
    boolean oversized = false;
    String idHint = null;
    boolean any = false;
    while (true) {
      if (chunkPos >= chunkLen) {
        chunkLen = in.read(chunk, 0, chunk.length);
        chunkPos = 0;
        if (chunkLen <= 0) {
          chunkLen = 0;
          if (!any) {
            return null;
          }
          break;
        }
      }
      any = true;
      int start = chunkPos;
      int nl = -1;
      for (int i = chunkPos; i < chunkLen; i++) {
        if (chunk[i] == '\n') {
          nl = i;
          break;
        }
      }
      int end = nl < 0 ? chunkLen : nl;
      if (!oversized) {
        buf.write(chunk, start, end - start);
        if (buf.size() > maxLine) {
          oversized = true;
          idHint = idHint(new String(buf.toByteArray(), 0, Math.min(buf.size(), 4096), StandardCharsets.UTF_8));
          buf = new ByteArrayOutputStream(0);
        }
      }
      chunkPos = nl < 0 ? chunkLen : nl + 1;
      if (nl >= 0) {
        break;
      }
    }
    byte[] bytes = buf.toByteArray();
    int len = bytes.length;
    if (len > 0 && bytes[len - 1] == '\r') {
      len--;
    }
    return new Line(bytes, len, oversized, idHint);
  }

  /** The id (as its JSON text) of a request whose JSON cannot be parsed, when one can be seen near its start. */
  private static String idHint(String text) {
    Matcher m = ID.matcher(text.length() > 4096 ? text.substring(0, 4096) : text);
    return m.find() ? m.group(1) : null;
  }

  private void reply(String idJson, int code, String message) {
    String json = "{\"jsonrpc\":\"2.0\",\"id\":" + (idJson == null ? "null" : idJson)
        + ",\"error\":{\"code\":" + code + ",\"message\":\"" + message.replace("\"", "'") + "\"}}\n";
    try {
      synchronized (out) {
        out.write(json.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException e) {
      System.err.println("safefs serve: cannot write an error reply: " + e.getMessage());
    }
  }
}
