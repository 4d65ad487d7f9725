package dev.safefs.cli.serve;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A raw stdio MCP client: writes bytes to the real server process and reads its stdout line by line, so tests can
 * send what no SDK client would (broken JSON, wrong types, huge lines) and check that every stdout line is protocol.
 */
final class RawMcp implements AutoCloseable {
  static final McpJsonMapper JSON = McpJsonDefaults.getMapper();

  private final Process process;
  private final OutputStream in;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final AtomicLong ids = new AtomicLong(1);
  private final Path stderr;

  private RawMcp(Process process, Path stderr) {
    this.process = process;
    this.in = process.getOutputStream();
    this.stderr = stderr;
    Thread.ofPlatform().daemon().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // process ended
      }
    });
  }

  static RawMcp start(Path state, Path stderr, String... serveArgs) throws IOException {
    ProcessBuilder pb = ServeProcess.builder(state, serveArgs);
    pb.redirectError(stderr.toFile());
    return new RawMcp(pb.start(), stderr);
  }

  Process process() {
    return process;
  }

  String stderr() throws IOException {
    return Files.readString(stderr);
  }

  void sendLine(String json) throws IOException {
    sendBytes((json + "\n").getBytes(StandardCharsets.UTF_8));
  }

  void sendBytes(byte[] bytes) throws IOException {
    in.write(bytes);
    in.flush();
  }

  /** The next stdout line, parsed; fails when it is not JSON (stdout must carry nothing but protocol). */
  Map<String, Object> next(long seconds) throws Exception {
    String line = lines.poll(seconds, TimeUnit.SECONDS);
    if (line == null) {
      throw new AssertionError("no message from the server within " + seconds + " s; alive=" + process.isAlive()
          + "; stderr: " + stderr());
    }
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = JSON.readValue(line, Map.class);
      return m;
    } catch (Exception e) {
      throw new AssertionError("stdout line is not JSON-RPC: " + line, e);
    }
  }

  /** Sends a request and returns its response (skipping notifications and server requests). */
  Map<String, Object> request(String method, Map<String, Object> params) throws Exception {
    long id = ids.getAndIncrement();
    Map<String, Object> msg = new LinkedHashMap<>();
    msg.put("jsonrpc", "2.0");
    msg.put("id", id);
    msg.put("method", method);
    if (params != null) {
      msg.put("params", params);
    }
    sendLine(JSON.writeValueAsString(msg));
    return responseTo(id);
  }

  Map<String, Object> responseTo(Object id) throws Exception {
    while (true) {
      Map<String, Object> m = next(30);
      if (m.containsKey("id") && String.valueOf(m.get("id")).equals(String.valueOf(id))
          && (m.containsKey("result") || m.containsKey("error"))) {
        return m;
      }
    }
  }

  void initialize() throws Exception {
    Map<String, Object> r = request("initialize", Map.of("protocolVersion", "2025-06-18",
        "capabilities", Map.of(), "clientInfo", Map.of("name", "raw", "version", "1")));
    if (!r.containsKey("result")) {
      throw new AssertionError("initialize failed: " + r);
    }
    sendLine("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
  }

  /** tools/call; returns the result object (content, isError, structuredContent). */
  @SuppressWarnings("unchecked")
  Map<String, Object> call(String tool, Map<String, Object> args) throws Exception {
    Map<String, Object> r = request("tools/call", Map.of("name", tool, "arguments", args));
    if (!r.containsKey("result")) {
      throw new AssertionError(tool + " gave a JSON-RPC error: " + r);
    }
    return (Map<String, Object>) r.get("result");
  }

  static boolean isError(Map<String, Object> result) {
    return Boolean.TRUE.equals(result.get("isError"));
  }

  @SuppressWarnings("unchecked")
  static String text(Map<String, Object> result) {
    StringBuilder sb = new StringBuilder();
    for (Object c : (List<Object>) result.get("content")) {
      Object t = ((Map<String, Object>) c).get("text");
      if (t != null) {
        sb.append(t);
      }
    }
    return sb.toString();
  }

  @Override
  public void close() throws Exception {
    try {
      in.close();
    } catch (IOException ignored) {
      // already gone
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
