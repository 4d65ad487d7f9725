package dev.safefs.append;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.safefs.os.Os;
import dev.safefs.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * safefs appenders in several JVMs, flock(1) shell writers and Python fcntl.flock writers (the pattern of the peers'
 * append_py_seed.py: open 'a', flock LOCK_EX, write, flush, fsync, unlock) append to one file at once: every line is
 * whole and every writer's count is exact. Native layer only: the portable layer's FileChannel locks are fcntl
 * locks, which by design do not exclude flock(2) users (documented on LockedAppender).
 */
class AppendInteropTest {

  private static final Pattern LINE = Pattern.compile("(\\S+) (\\d{8}) x{60}");
  private static final String PYTHON = """
      import fcntl, os, sys
      p, n, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
      for i in range(n):
          with open(p, 'a') as f:
              try:
                  fcntl.flock(f.fileno(), fcntl.LOCK_EX)
                  f.write(f"{tag} {i:08d} " + "x" * 60 + "\\n"); f.flush(); os.fsync(f.fileno())
              finally:
                  fcntl.flock(f.fileno(), fcntl.LOCK_UN)
      """;
  // printf in two halves: without the lock the halves of different writers would interleave.
  private static final String SHELL = """
      f=$1; n=$2; tag=$3; i=0
      while [ $i -lt $n ]; do
        flock "$f" sh -c 'printf "%s %08d " "$2" "$3" >> "$1"; printf "%s\\n" "$4" >> "$1"' _ "$f" "$tag" "$i" "$4"
        i=$((i+1))
      done
      """;

  @TempDir
  Path tmp;

  @Test
  void jvmsFlockShellsAndPythonAppendWholeLinesWithExactCounts() throws Exception {
    assumeTrue(Os.get().name().equals("linux"), "flock(2) interop needs the Linux layer (portable uses fcntl locks)");
    assumeTrue(ChildJvm.onPath("flock"), "flock(1) (util-linux) is not installed");
    assumeTrue(ChildJvm.onPath("python3"), "python3 is not installed");
    Path log = tmp.resolve("shared.log");
    int jvmCount = 300;
    int jvmThreads = 2;
    int shellCount = 150;
    int pyCount = 300;
    Map<String, Integer> expected = new HashMap<>();
    List<Process> procs = new ArrayList<>();
    for (int j = 0; j < 3; j++) {
      procs.add(ChildJvm.builder(AppendChild.class, log.toString(), "" + jvmCount, "jvm" + j, "" + jvmThreads)
          .redirectErrorStream(true).start());
      for (int t = 0; t < jvmThreads; t++) {
        expected.put("jvm" + j + "-" + t, jvmCount);
      }
    }
    for (int s = 0; s < 2; s++) {
      procs.add(new ProcessBuilder("sh", "-c", SHELL, "sh", log.toString(), "" + shellCount, "sh" + s,
          "x".repeat(60)).redirectErrorStream(true).start());
      expected.put("sh" + s, shellCount);
    }
    for (int p = 0; p < 2; p++) {
      procs.add(new ProcessBuilder("python3", "-c", PYTHON, log.toString(), "" + pyCount, "py" + p)
          .redirectErrorStream(true).start());
      expected.put("py" + p, pyCount);
    }
    for (Process p : procs) {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("writer output: %s", out).isZero();
    }

    byte[] content = Files.readAllBytes(log);
    assertThat(content[content.length - 1]).isEqualTo((byte) '\n');
    Map<String, boolean[]> seen = new HashMap<>();
    for (String line : new String(content, StandardCharsets.UTF_8).split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      assertThat(m.matches()).as("whole line: [%s]", line).isTrue();
      String tag = m.group(1);
      assertThat(expected).containsKey(tag);
      boolean[] got = seen.computeIfAbsent(tag, t -> new boolean[expected.get(t)]);
      int i = Integer.parseInt(m.group(2));
      assertThat(got[i]).as("%s %d appears once", tag, i).isFalse();
      got[i] = true;
    }
    int total = 0;
    for (Map.Entry<String, Integer> e : expected.entrySet()) {
      boolean[] got = seen.get(e.getKey());
      assertThat(got).as("lines of %s", e.getKey()).isNotNull();
      for (int i = 0; i < got.length; i++) {
        assertThat(got[i]).as("%s %d present", e.getKey(), i).isTrue();
      }
      total += e.getValue();
    }
    assertThat(content.length).isEqualTo(total * (LINE_LEN + 1) + extraTagBytes(expected));
  }

  private static final int LINE_LEN = 1 + 8 + 1 + 60;

  private static int extraTagBytes(Map<String, Integer> expected) {
    int n = 0;
    for (Map.Entry<String, Integer> e : expected.entrySet()) {
      n += e.getKey().length() * e.getValue();
    }
    return n;
  }
}
