package dev.safefs.find;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the peer tools the walker and search are compared with; a missing tool fails the test, clearly. */
public final class PeerTools {
  /** The peers' tree generator: -Dsafefs.mktree, else shared/peers/mktree.py beside the checkout (as CI has it). */
  public static final String MKTREE = System.getProperty("safefs.mktree", findBesideCheckout("shared/peers/mktree.py"));

  private static String findBesideCheckout(String relative) {
    for (Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve(relative);
      if (Files.isRegularFile(candidate)) {
        return candidate.toString();
      }
    }
    return "../shared/peers/mktree.py";
  }

  private PeerTools() {}

  public record Run(int exit, String out, String err) {
    public TreeSet<String> lines() {
      return new TreeSet<>(out.isEmpty() ? List.of() : Arrays.asList(out.split("\n")));
    }
  }

  public static void require(String tool) {
    if (tool.startsWith("/") && Files.isExecutable(Path.of(tool))) {
      return;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return;
      }
    }
    fail("'" + tool + "' is not installed; the CI setup (.ci/run) must install it (Debian: "
        + switch (tool) {
          case "rg" -> "ripgrep";
          case "fdfind" -> "fd-find";
          case "setpriv" -> "util-linux";
          default -> tool;
        } + ")");
  }

  public static Run run(List<String> cmd) throws IOException, InterruptedException {
    require(cmd.getFirst());
    Process p = new ProcessBuilder(cmd).start();
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
      try {
        return p.getErrorStream().readAllBytes();
      } catch (IOException e) {
        return new byte[0];
      }
    });
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err.join(),
        StandardCharsets.UTF_8));
  }

  /** A tree from the peers' mktree.py: FILES files, FANOUT per directory level. */
  public static void mktree(Path root, int files, int fanout) throws IOException, InterruptedException {
    if (!Files.isRegularFile(Path.of(MKTREE))) {
      fail("mktree.py not found at " + MKTREE + " (set -Dsafefs.mktree)");
    }
    Run r = run(List.of("python3", MKTREE, root.toString(), Integer.toString(files), Integer.toString(fanout)));
    assertThat(r.exit()).as(r.err()).isZero();
  }

  public static List<String> javaChild(String mainClass, String classPath, String... args) {
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
        "-Dsafefs.os=" + System.getProperty("safefs.os", ""), "-cp", classPath, mainClass));
    cmd.addAll(List.of(args));
    return cmd;
  }
}
