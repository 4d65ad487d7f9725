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
 * Drop-in compatibility: the same scripted calls (safefs-mcp/src/test/js/compat.mjs) go to the official MCP
 * filesystem server and to {@code safefs serve}, each on its own copy of a tree; every result is compared tool by
 * tool (same text, after the root path and timestamps are normalized) and the trees must end up byte-identical.
 */
class ServeCompatibilityTest {

  @TempDir Path tmp;

  @Test
  void sameCallsGiveTheOfficialServersResults() throws Exception {
    NodeClient.requireAvailable();
    Path official = Files.createDirectories(tmp.resolve("official"));
    Path safefs = Files.createDirectories(tmp.resolve("safefs"));
    List<String> args = new ArrayList<>(List.of(official.toString(), safefs.toString(), "--", "node",
        NodeClient.officialServer().toString(), official.toString(), "--"));
    args.addAll(ServeProcess.command("--state", tmp.resolve("state").toString(), safefs.toString()));
    ChildJvm.Result r = NodeClient.run(tmp, "compat.mjs", Map.of("SAFEFS_STATE", tmp.resolve("state").toString()),
        180, args);
    assertThat(r.exitCode()).as("stdout:\n%s\nstderr:\n%s", r.out(), r.err()).isZero();
    assertThat(r.out()).contains("compatible: 40 calls").contains("trees after the sequence: same")
        .doesNotContain("DIFFERENT");
  }
}
