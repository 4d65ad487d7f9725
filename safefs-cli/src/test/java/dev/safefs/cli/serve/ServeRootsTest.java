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

/** MCP roots from the official TypeScript client replace the command-line roots, and change when the client says. */
class ServeRootsTest {

  @TempDir Path tmp;

  @Test
  void clientRootsReplaceTheCommandLineRoots() throws Exception {
    NodeClient.requireAvailable();
    Path cli = Files.createDirectories(tmp.resolve("cli"));
    Path r1 = Files.createDirectories(tmp.resolve("r1"));
    Path r2 = Files.createDirectories(tmp.resolve("r2"));
    Files.writeString(cli.resolve("cli.txt"), "cli");
    Files.writeString(r1.resolve("one.txt"), "one");
    List<String> args = new ArrayList<>(List.of(cli.toString(), r1.toString(), r2.toString(), "--"));
    args.addAll(ServeProcess.command("--state", tmp.resolve("state").toString(), cli.toString()));
    ChildJvm.Result r = NodeClient.run(tmp, "roots.mjs", Map.of("SAFEFS_STATE", tmp.resolve("state").toString()),
        120, args);
    assertThat(r.exitCode()).as("stdout:\n%s\nstderr:\n%s", r.out(), r.err()).isZero();
    assertThat(r.out()).contains("ok roots");
  }
}
