package dev.safefs.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

/** The direct conversions of {@link RequestMapper} give what Jackson gives, and leave everything else to it. */
class RequestMapperTest {
  private final McpJsonMapper jackson = McpJsonDefaults.getMapper();
  private final McpJsonMapper mapper = new RequestMapper(jackson);

  private HashMap<String, Object> parse(String json) throws IOException {
    return jackson.readValue(json, new TypeRef<HashMap<String, Object>>() {});
  }

  @Test
  void aToolCallBecomesTheSameRecordsAsThroughJackson() throws IOException {
    for (String id : new String[] {"7", "\"seven\"", "12345678901"}) {
      HashMap<String, Object> m = parse("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":"
          + "{\"name\":\"edit_file\",\"arguments\":{\"path\":\"/x\",\"edits\":[{\"oldText\":\"a\\nb\",\"newText\":\"c\"}]},"
          + "\"_meta\":{\"progressToken\":3}}}");
      McpSchema.JSONRPCRequest fast = mapper.convertValue(m, McpSchema.JSONRPCRequest.class);
      McpSchema.JSONRPCRequest slow = jackson.convertValue(m, McpSchema.JSONRPCRequest.class);
      assertThat(fast).isEqualTo(slow);
      TypeRef<McpSchema.CallToolRequest> call = new TypeRef<>() {};
      assertThat(mapper.convertValue(fast.params(), call)).isEqualTo(jackson.convertValue(slow.params(), call));
    }
  }

  @Test
  void unknownKeysAndOddTypesGoThroughJacksonWithItsVerdict() throws IOException {
    for (String json : new String[] {
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"x\"},\"extra\":1}",
        "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"tools/call\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":[1,2]}"}) {
      HashMap<String, Object> m = parse(json);
      Throwable fastError = catchThrowable(() -> mapper.convertValue(m, McpSchema.JSONRPCRequest.class));
      Throwable slowError = catchThrowable(() -> jackson.convertValue(m, McpSchema.JSONRPCRequest.class));
      assertThat(fastError == null).as(json).isEqualTo(slowError == null);
      if (fastError == null) {
        assertThat(mapper.convertValue(m, McpSchema.JSONRPCRequest.class))
            .isEqualTo(jackson.convertValue(m, McpSchema.JSONRPCRequest.class));
      }
    }
    TypeRef<McpSchema.CallToolRequest> call = new TypeRef<>() {};
    HashMap<String, Object> params = parse("{\"name\":\"x\",\"arguments\":{\"a\":1},\"task\":{}}");
    Throwable fastError = catchThrowable(() -> mapper.convertValue(params, call));
    Throwable slowError = catchThrowable(() -> jackson.convertValue(params, call));
    assertThat(fastError == null).isEqualTo(slowError == null);
  }
}
