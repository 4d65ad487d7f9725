package dev.safefs.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes no SDK client would send, written straight to the server's stdin: every bad message gets an error, the
 * server keeps serving, and every line on stdout is a JSON-RPC message.
 */
class ServeMalformedInputTest {

  @TempDir Path tmp;

  @SuppressWarnings("unchecked")
  static Map<String, Object> error(Map<String, Object> response) {
    assertThat(response).as("an error response").containsKey("error");
    return (Map<String, Object>) response.get("error");
  }

  @Test
  void everyBadMessageIsAnsweredAndTheServerKeepsServing() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.writeString(root.resolve("f.txt"), "hello\n");
    try (RawMcp mcp = RawMcp.start(tmp.resolve("state"), tmp.resolve("stderr.txt"), root.toString())) {
      mcp.initialize();

      mcp.sendLine("{this is not json");
      Map<String, Object> r = mcp.next(30);
      assertThat(error(r).get("code")).isEqualTo(-32700);
      assertThat(r.get("id")).isNull();

      mcp.sendLine("{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"tools/call\",\"params\":{\"name\":");
      r = mcp.next(30);
      assertThat(error(r).get("code")).isEqualTo(-32700);
      assertThat(r.get("id")).as("the id is recovered from a truncated request").isEqualTo(41);

      mcp.sendLine("[1,2,3]");
      assertThat(error(mcp.next(30)).get("code")).isEqualTo(-32600);

      mcp.sendLine("{\"jsonrpc\":\"2.0\",\"id\":42}");
      r = mcp.next(30);
      assertThat(error(r).get("code")).isEqualTo(-32600);
      assertThat(r.get("id")).isEqualTo(42);

      mcp.sendBytes(new byte[] {(byte) 0xff, (byte) 0xfe, 0x01, 0x00, '\n'});
      assertThat(error(mcp.next(30)).get("code")).isEqualTo(-32700);

      // wrong types: tool errors the model can fix, not protocol errors
      Map<String, Object> res = mcp.call("read_text_file", Map.of("path", 5));
      assertThat(RawMcp.isError(res)).isTrue();
      assertThat(RawMcp.text(res)).contains("'path' must be a string");
      res = mcp.call("edit_file", Map.of("path", "f.txt", "edits", "replace hello"));
      assertThat(RawMcp.isError(res)).isTrue();
      res = mcp.call("read_text_file", Map.of("path", "f.txt", "head", -3));
      assertThat(RawMcp.isError(res)).isTrue();
      res = mcp.call("write_file", Map.of("path", "f.txt"));
      assertThat(RawMcp.isError(res)).isTrue();
      assertThat(RawMcp.text(res)).contains("'content' is required");
      res = mcp.call("read_multiple_files", Map.of("paths", List.of()));
      assertThat(RawMcp.isError(res)).isTrue();

      // unknown tool and unknown method: JSON-RPC errors, as the MCP specification says
      r = mcp.request("tools/call", Map.of("name", "format_disk", "arguments", Map.of()));
      assertThat(error(r).get("code")).isEqualTo(-32602);
      r = mcp.request("files/explode", Map.of());
      assertThat(error(r).get("code")).isEqualTo(-32601);

      // huge arguments: a path far past PATH_MAX is a tool error; a message past the size cap is refused whole
      res = mcp.call("read_text_file", Map.of("path", "a/".repeat(200_000)));
      assertThat(RawMcp.isError(res)).isTrue();
      String huge = "{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"tools/call\",\"params\":{\"name\":\"write_file\","
          + "\"arguments\":{\"path\":\"big.txt\",\"content\":\"" + "x".repeat(9 << 20) + "\"}}}";
      mcp.sendBytes((huge + "\n").getBytes(StandardCharsets.UTF_8));
      r = mcp.next(60);
      assertThat(error(r).get("code")).isEqualTo(-32600);
      assertThat(r.get("id")).isEqualTo(77);
      assertThat(root.resolve("big.txt")).doesNotExist();

      // still serving
      assertThat(mcp.request("ping", Map.of())).containsKey("result");
      res = mcp.call("read_text_file", Map.of("path", "f.txt"));
      assertThat(RawMcp.isError(res)).isFalse();
      assertThat(RawMcp.text(res)).isEqualTo("hello\n");
      assertThat(mcp.process().isAlive()).isTrue();
    }
  }

  @Test
  void stdoutCarriesOnlyProtocolAndEndOfInputEndsTheServer() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    RawMcp mcp = RawMcp.start(tmp.resolve("state"), tmp.resolve("stderr.txt"), root.toString());
    mcp.initialize();
    assertThat(mcp.request("tools/list", Map.of())).containsKey("result");
    mcp.close();
    assertThat(mcp.process().exitValue()).isZero();
  }
}
