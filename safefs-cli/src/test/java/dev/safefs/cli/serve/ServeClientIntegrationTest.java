package dev.safefs.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safefs.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code safefs serve} driven by a client the project did not write: the official MCP TypeScript SDK client
 * (safefs-mcp/src/test/js/all_tools.mjs) initializes, lists the tools, calls every one and checks the results and
 * the bytes on disk.
 */
class ServeClientIntegrationTest {

  @TempDir Path tmp;

  @Test
  void officialTypeScriptClientCallsEveryTool() throws Exception {
    callEveryTool(List.of());
  }

  /** The same on the portable OS layer (the CLI module's tests otherwise run on the native one only). */
  @Test
  void officialTypeScriptClientCallsEveryToolOnThePortableLayer() throws Exception {
    callEveryTool(List.of("-Dsafefs.os=portable"));
  }

  private void callEveryTool(List<String> jvmOptions) throws Exception {
    NodeClient.requireAvailable();
    Path root = Files.createDirectories(tmp.resolve("root"));
    List<String> args = new ArrayList<>(List.of(root.toString(), "--"));
    args.addAll(ServeProcess.command(jvmOptions, "--state", tmp.resolve("state").toString(), root.toString()));
    ChildJvm.Result r = NodeClient.run(tmp, "all_tools.mjs", Map.of("SAFEFS_STATE", tmp.resolve("state").toString()),
        180, args);
    assertThat(r.exitCode()).as("stdout:\n%s\nstderr:\n%s", r.out(), r.err()).isZero();
    assertThat(r.out()).contains("ok 19 tools, 19 called");
  }
}
