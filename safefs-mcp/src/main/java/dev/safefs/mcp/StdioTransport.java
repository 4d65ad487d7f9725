package dev.safefs.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * The stdio transport of {@code safefs serve}: newline-delimited JSON-RPC on stdin and stdout, for the SDK's server
 * session.
 *
 * <p>Why not the SDK's {@code StdioServerTransportProvider}: it ends the session on the first line it cannot parse
 * or that exceeds its size limit, and its outbound sink refuses a message emitted while another thread is still
 * inside an emission (FAIL_NON_SERIALIZED), which drops a response and then tears the whole session down; under
 * load a sequential client hit that within a few thousand calls. Here every line that is not a JSON-RPC message
 * is answered with a JSON-RPC error (-32700 parse error, -32600 invalid request; a line longer than
 * {@code maxLine} bytes is consumed without being buffered) and reading goes on; messages are written whole under
 * one lock, one line each. Nothing else ever writes to {@code out}.
 */
public final class StdioTransport implements McpServerTransportProvider {
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(-?\\d{1,18}|\"(?:[^\"\\\\]|\\\\.){0,200}\")");

  private final McpJsonMapper mapper;
  private final InputStream in;
  private final OutputStream out;
  private final int maxLine;
  private final Runnable onEnd;
  private final java.util.function.Predicate<McpSchema.JSONRPCMessage> ownThread;
  private final byte[] chunk = new byte[64 * 1024];
  private int chunkPos;
  private int chunkLen;
  private volatile McpServerSession session;

  /** {@code onEnd} runs when the input ends (the client closed stdin). */
  public StdioTransport(McpJsonMapper mapper, InputStream in, OutputStream out, int maxLine, Runnable onEnd) {
    this(mapper, in, out, maxLine, onEnd, m -> false);
  }

  /**
   * Messages are handled on the reading thread, one after the other (a server built with immediate execution
   * runs its handlers there, with no hop to another thread per call), except those {@code ownThread} picks: a
   * handler that waits for an answer from the client (a roots request) needs the reading thread free to read it.
   */
  public StdioTransport(McpJsonMapper mapper, InputStream in, OutputStream out, int maxLine, Runnable onEnd,
      java.util.function.Predicate<McpSchema.JSONRPCMessage> ownThread) {
    this.mapper = mapper;
    this.in = in;
    this.out = out;
    this.maxLine = maxLine;
    this.onEnd = onEnd;
    this.ownThread = ownThread;
  }

  @Override
  public void setSessionFactory(McpServerSession.Factory factory) {
    session = factory.create(new SessionTransport());
    Thread.ofPlatform().name("safefs-stdio-in").start(this::readLoop);
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    McpServerSession s = session;
    return s == null ? Mono.empty() : s.sendNotification(method, params);
  }

  @Override
  public Mono<Void> closeGracefully() {
    McpServerSession s = session;
    return s == null ? Mono.empty() : s.closeGracefully();
  }

  private void readLoop() {
    try {
      Line line;
      while ((line = nextLine()) != null) {
        if (line.oversized) {
          reply(line.idHint, -32600, "Invalid Request: message larger than " + maxLine + " bytes");
          continue;
        }
        String text = new String(line.bytes, 0, line.length, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
          continue;
        }
        McpSchema.JSONRPCMessage message;
        try {
          message = McpSchema.deserializeJsonRpcMessage(mapper, text);
        } catch (Exception e) {
          refuse(text);
          continue;
        }
        Mono<Void> handling = session.handle(message)
            .onErrorResume(e -> {
              System.err.println("safefs serve: error handling a message: " + e);
              return Mono.empty();
            });
        if (ownThread.test(message)) {
          Thread.ofPlatform().name("safefs-call").start(() -> handling.subscribe());
        } else {
          handling.subscribe();
        }
      }
    } catch (IOException e) {
      System.err.println("safefs serve: reading stdin failed: " + e.getMessage());
    } finally {
      onEnd.run();
    }
  }

  /** Answers a line that is not a JSON-RPC message: a parse error when it is not JSON at all. */
  private void refuse(String text) {
    Object tree;
    try {
      tree = mapper.readValue(text, Object.class);
    } catch (Exception notJson) {
      reply(idHint(text), -32700, "Parse error: the line is not valid JSON");
      return;
    }
    Object id = tree instanceof Map<?, ?> m ? m.get("id") : null;
    String idJson = null;
    if (id instanceof Number || id instanceof String) {
      try {
        idJson = mapper.writeValueAsString(id);
      } catch (IOException e) {
        idJson = null;
      }
    }
    reply(idJson, -32600, "Invalid Request: not a JSON-RPC 2.0 request, response or notification");
  }

  private record Line(byte[] bytes, int length, boolean oversized, String idHint) {}

  /** Reads up to the next newline; a line longer than the limit is consumed and reported, never buffered. */
  private Line nextLine() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
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
      int nl = -1;
      for (int i = chunkPos; i < chunkLen; i++) {
        if (chunk[i] == '\n') {
          nl = i;
          break;
        }
      }
      int end = nl < 0 ? chunkLen : nl;
      if (!oversized) {
        buf.write(chunk, chunkPos, end - chunkPos);
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

  /** The id (as its JSON text) of a request that cannot be parsed, when one can be seen near its start. */
  private static String idHint(String text) {
    Matcher m = ID.matcher(text.length() > 4096 ? text.substring(0, 4096) : text);
    return m.find() ? m.group(1) : null;
  }

  private void reply(String idJson, int code, String message) {
    String json = "{\"jsonrpc\":\"2.0\",\"id\":" + (idJson == null ? "null" : idJson)
        + ",\"error\":{\"code\":" + code + ",\"message\":\"" + message.replace("\"", "'") + "\"}}";
    try {
      writeLine(json);
    } catch (IOException e) {
      System.err.println("safefs serve: cannot write an error reply: " + e.getMessage());
    }
  }

  /** One message, one line, written whole: the only writer of {@code out}. */
  private void writeLine(String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    synchronized (out) {
      out.write(bytes);
      out.write('\n');
      out.flush();
    }
  }

  private final class SessionTransport implements McpServerTransport {
    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
      return Mono.fromRunnable(() -> {
        try {
          // the mapper escapes newlines inside strings, so a message is one line
          writeLine(mapper.writeValueAsString(message));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
      return mapper.convertValue(data, typeRef);
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.empty();
    }
  }
}
