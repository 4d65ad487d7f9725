package dev.safefs.cli.serve;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safefs.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a script of safefs-mcp/src/test/js with node and the official MCP TypeScript SDK installed by
 * ../shared/peers/setup.sh (npm packages @modelcontextprotocol/sdk and @modelcontextprotocol/server-filesystem in
 * $PEERS_HOME, default ~/.cache/safefs-peers).
 */
final class NodeClient {
  private NodeClient() {}

  static Path peers() {
    for (String var : new String[] {"PEERS_HOME", "SAFEFS_PEERS"}) {
      String env = System.getenv(var);
      if (env != null && !env.isBlank()) {
        return Path.of(env);
      }
    }
    return Path.of(System.getProperty("user.home"), ".cache", "safefs-peers");
  }

  static Path officialServer() {
    return peers().resolve("node_modules/@modelcontextprotocol/server-filesystem/dist/index.js");
  }

  static void requireAvailable() {
    // a missing client or reference server fails the test: these checks must never pass by being skipped
    assertTrue(onPath("node"), "node is not installed (CI installs it: .ci/run)");
    assertTrue(Files.isDirectory(peers().resolve("node_modules/@modelcontextprotocol/sdk")),
        "the MCP TypeScript SDK is not installed in " + peers() + " (run ../shared/peers/setup.sh)");
  }

  private static boolean onPath(String cmd) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, cmd))) {
        return true;
      }
    }
    return false;
  }

  /** Copies the script beside a node_modules link to the peers, runs it, and returns what it did. */
  static ChildJvm.Result run(Path work, String script, Map<String, String> env, long timeoutSeconds,
      List<String> args) throws IOException, InterruptedException {
    Path js = Path.of(System.getProperty("user.dir")).getParent().resolve("safefs-mcp/src/test/js").resolve(script);
    Path dir = Files.createDirectories(work.resolve("js"));
    Files.copy(js, dir.resolve(script), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    if (!Files.exists(dir.resolve("node_modules"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(dir.resolve("node_modules"), peers().resolve("node_modules"));
    }
    List<String> cmd = new ArrayList<>(List.of("node", dir.resolve(script).toString()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    Process p = pb.start();
    var out = new java.io.ByteArrayOutputStream();
    var err = new java.io.ByteArrayOutputStream();
    Thread o = Thread.ofVirtual().start(() -> copy(p.getInputStream(), out));
    Thread e = Thread.ofVirtual().start(() -> copy(p.getErrorStream(), err));
    p.getOutputStream().close();
    if (!p.waitFor(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(script + " did not finish within " + timeoutSeconds + " s");
    }
    o.join();
    e.join();
    return new ChildJvm.Result(p.exitValue(), out.toString(java.nio.charset.StandardCharsets.UTF_8),
        err.toString(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static void copy(java.io.InputStream in, java.io.OutputStream out) {
    try (in) {
      in.transferTo(out);
    } catch (IOException ignored) {
      // ended
    }
  }
}
