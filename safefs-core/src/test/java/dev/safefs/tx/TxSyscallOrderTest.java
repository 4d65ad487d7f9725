package dev.safefs.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Must show 2: the system calls of a commit, traced with strace in a child JVM, come in the protocol's order:
 * every staged temp (and every stored before-content) is fsynced, and so are the directories holding them, before
 * the intent record is made durable (fsync of the record, then of its directory); the record is durable before the
 * first rename or unlink of a target; and every directory whose entries changed is fsynced before commit()
 * returns, once. strace is required: without it the
 * test fails rather than passing silently (CI installs it).
 */
class TxSyscallOrderTest {
  @TempDir Path tmp;

  /** One traced call that concerns the test's files, in trace order. */
  record Call(int index, String name, String line) {}

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void commitOrdersFsyncsIntentAndRenames(boolean recorded) throws Exception {
    requireStrace();
    Path work = tmp.resolve("work");
    Path state = tmp.resolve("state");
    Files.createDirectories(work.resolve("d0"));
    Files.createDirectories(work.resolve("d1"));
    Files.writeString(work.resolve("d0/a"), "old a");
    Files.writeString(work.resolve("d1/gone"), "gone");
    Files.writeString(work.resolve("d0/m"), "moved");
    List<String> trace = traceChild(work, state, Boolean.toString(recorded));
    assertThat(work.resolve("d0/m")).doesNotExist();
    assertThat(Files.readString(work.resolve("d1/m2"))).isEqualTo("moved");

    List<Call> calls = relevantCalls(trace, work, state);
    String txDir = state.resolve("tx").toString();
    String blobs = state.resolve("blobs").toString();
    String d0 = work.resolve("d0").toString();
    String d1 = work.resolve("d1").toString();

    // (the portable layer creates the record by link+unlink, so its descriptor may show the creation name)
    int intentFsync = single(calls, c -> isFsync(c) && c.line().contains(txDir + "/"), "fsync of the intent record");
    int txDirFsync = first(calls, c -> isFsync(c) && c.line().contains("<" + txDir + ">") && c.index() > intentFsync,
        "fsync of the intent directory after the record");
    int marker = single(calls, c -> c.name().startsWith("open") && c.line().contains("COMMITTED"), "marker");

    // every temp that is renamed into place was fsynced before the intent record became durable
    List<Call> tempRenames = calls.stream().filter(c -> c.name().startsWith("rename")
        && c.line().contains(Journal.TX_TEMP)).toList();
    assertThat(tempRenames).as("renames of staged temps").hasSize(3);
    for (Call rename : tempRenames) {
      String temp = tempName(rename.line());
      int fsync = single(calls, c -> isFsync(c) && c.line().contains(temp + ">"), "fsync of " + temp);
      assertThat(fsync).as("fsync of %s before the intent fsync", temp).isLessThan(intentFsync);
    }
    // the temps' names are durable too: each directory holding a temp is fsynced before the intent
    for (String dir : List.of(d0, d1)) {
      int fsync = first(calls, c -> isFsync(c) && c.line().contains("<" + dir + ">"), "fsync of " + dir);
      assertThat(fsync).as("fsync of %s (holding temps) before the intent fsync", dir).isLessThan(intentFsync);
    }
    if (recorded) {
      // before-contents (of a, gone, m) are durable before the intent: each blob fsynced, then the blobs directory
      List<Call> blobFsyncs = calls.stream().filter(c -> isFsync(c) && c.line().contains(blobs + "/.blob-")).toList();
      assertThat(blobFsyncs).as("fsyncs of stored before-contents").hasSize(3);
      int blobDir = first(calls, c -> isFsync(c) && c.line().contains("<" + blobs + ">"), "fsync of blobs dir");
      assertThat(blobFsyncs.getLast().index()).isLessThan(blobDir);
      assertThat(blobDir).isLessThan(intentFsync);
    }

    // the intent is durable before anything at a target changes
    List<Call> targetChanges = calls.stream().filter(c -> (c.name().startsWith("rename") || c.name().startsWith(
        "unlink")) && c.line().contains(work.toString())).toList();
    assertThat(targetChanges).as("renames and unlinks at the targets").hasSize(5); // 3 temps, 1 delete, 1 move
    assertThat(targetChanges.getFirst().index()).as("first target change after the durable intent")
        .isGreaterThan(txDirFsync);

    // each directory whose entries changed is fsynced after its last change and before commit() returns
    int lastChange = targetChanges.getLast().index();
    for (String dir : List.of(d0, d1)) {
      int fsync = first(calls, c -> isFsync(c) && c.line().contains("<" + dir + ">") && c.index() > lastChange,
          "fsync of " + dir + " after the renames");
      assertThat(fsync).as("fsync of %s before success", dir).isLessThan(marker);
    }
    // and each directory is fsynced only twice in all (temps' names, then the renames): fsyncs are shared
    for (String dir : List.of(d0, d1)) {
      assertThat(calls.stream().filter(c -> isFsync(c) && c.line().contains("<" + dir + ">")).count())
          .as("fsyncs of %s", dir).isEqualTo(2);
    }
    // the record is marked done (moved to the journal or removed) after the directory fsyncs
    int done = first(calls, c -> c.index() > lastChange && c.line().contains(".intent")
        && (c.name().startsWith("rename") || c.name().startsWith("unlink")), "intent marked done");
    assertThat(done).isLessThan(marker);
  }

  /** One traced call from its start to its end: another thread's call may come between ({@code <unfinished ...>}). */
  record Span(String name, String line, int start, int end) {}

  @org.junit.jupiter.api.Test
  void aRecordedReplaceFlushesItsRecordBlobsAndDirectoryAfterTheRenameAndBeforeItReturns() throws Exception {
    requireStrace();
    Path work = tmp.resolve("work");
    Path state = tmp.resolve("state");
    Files.createDirectories(work.resolve("d0"));
    Files.writeString(work.resolve("d0/a"), "old a");
    List<Span> spans = spans(traceChild(work, state, "replace"), work, state);
    String d0 = work.resolve("d0").toString();
    String blobs = state.resolve("blobs").toString();
    String dump = spans.stream().map(Span::toString).collect(Collectors.joining("\n"));
    Span tempFsync = one(spans, s -> isSync(s) && s.line().contains(".safefs-tmp>"), "fsync of the temp", dump);
    Span rename = one(spans, s -> s.name().startsWith("rename") && s.line().contains(".safefs-tmp\"")
        && (s.line().contains("\"a\"") || s.line().contains("/d0/a\"")), "rename of the temp over a", dump);
    Span marker = one(spans, s -> s.name().startsWith("open") && s.line().contains("COMMITTED"), "marker", dump);
    Span published = one(spans, s -> s.name().startsWith("rename") && s.line().contains(".pending\"")
        && s.line().contains(".tx\""), "the pending record's publication", dump);
    List<Span> flushes = List.of(
        one(spans, s -> isSync(s) && s.line().contains(blobs + "/"), "fsync of the record", dump),
        one(spans, s -> isSync(s) && s.line().contains("<" + blobs + ">"), "fsync of the blobs directory", dump),
        one(spans, s -> isSync(s) && s.line().contains("<" + d0 + ">") && s.start() > rename.end(),
            "fsync of the target's directory", dump));
    Span recordWritten = one(spans, s -> s.name().startsWith("open") && s.line().contains(".pending")
        && s.line().contains("O_CREAT"), "creation of the record", dump);
    assertThat(tempFsync.end()).as("fsync(temp) done before the rename\n" + dump).isLessThan(rename.start());
    assertThat(recordWritten.end()).as("the record created before the rename\n" + dump).isLessThan(rename.start());
    for (Span f : flushes) {
      // the record, the blob's name and the rename: all durable, after the rename, before the commit returns
      assertThat(f.start()).as("%s after the rename\n%s", f.line(), dump).isGreaterThan(rename.end());
      assertThat(f.end()).as("%s done before commit returned\n%s", f.line(), dump).isLessThan(marker.start());
    }
    assertThat(published.start()).as("published after the commit\n" + dump).isGreaterThan(marker.end());
  }

  private static final Pattern SPAN = Pattern.compile("^(?:\\[pid\\s+)?(\\d+)\\]?\\s+(?:<\\.\\.\\. ([a-z0-9_]+) "
      + "resumed>|([a-z0-9_]+)\\()");

  /** The successful calls on the test's files, each from the line it starts on to the line it ends on. */
  private static List<Span> spans(List<String> lines, Path work, Path state) {
    List<Span> out = new ArrayList<>();
    Map<String, Integer> unfinished = new HashMap<>(); // pid -> its call's index in out
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher m = SPAN.matcher(line);
      if (!m.find()) {
        continue;
      }
      String pid = m.group(1);
      if (m.group(2) != null) { // the end of a call started on an earlier line
        Integer at = unfinished.remove(pid);
        if (at != null) {
          Span s = out.get(at);
          out.set(at, new Span(s.name(), s.line() + line, s.start(), i));
        }
        continue;
      }
      boolean ours = line.contains(work.toString()) || line.contains(state.toString());
      if (line.contains("<unfinished ...>")) {
        if (ours) {
          unfinished.put(pid, out.size());
          out.add(new Span(m.group(3), line, i, -1));
        }
      } else if (ours && !line.contains("= -1")) {
        out.add(new Span(m.group(3), line, i, i));
      }
    }
    return out.stream().filter(s -> s.end() >= 0 && !s.line().contains("= -1")).toList();
  }

  private static boolean isSync(Span s) {
    return s.name().equals("fsync") || s.name().equals("fdatasync");
  }

  private static Span one(List<Span> spans, Predicate<Span> p, String what, String dump) {
    List<Span> found = spans.stream().filter(p).toList();
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " calls for " + what + " in the trace:\n" + dump);
    }
    return found.getFirst();
  }

  /**
   * Runs {@link StraceChild} in {@code mode} under strace and returns the trace; the child must succeed and leave
   * {@code d0/a} with its new content. The state directory is created first, outside the trace.
   */
  private List<String> traceChild(Path work, Path state, String mode) throws Exception {
    Journal.open(state);
    Path trace = tmp.resolve("trace");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder("strace", "-f", "-qq", "-y", "-s", "512", "-o", trace.toString(),
        "-e", "trace=fsync,fdatasync,rename,renameat,renameat2,unlink,unlinkat,openat,open,creat",
        java, "--enable-native-access=ALL-UNNAMED", "-Dsafefs.os=" + System.getProperty("safefs.os", ""),
        "-cp", System.getProperty("java.class.path"), StraceChild.class.getName(),
        work.toString(), state.toString(), mode)
        .redirectErrorStream(true).redirectOutput(tmp.resolve("out").toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("traced child did not finish");
    }
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("out"))).isZero();
    assertThat(Files.readString(work.resolve("d0/a"))).isEqualTo("new a");
    return Files.readAllLines(trace, StandardCharsets.UTF_8);
  }

  private static void requireStrace() throws InterruptedException {
    try {
      Process v = new ProcessBuilder("strace", "-V").redirectErrorStream(true).start();
      v.getInputStream().readAllBytes();
      if (v.waitFor() != 0) {
        fail("strace -V failed: this test needs strace (CI installs it)");
      }
    } catch (IOException e) {
      fail("strace is not installed: this test needs it (apt-get install strace; CI installs it)", e);
    }
  }

  private static final Pattern CALL = Pattern.compile("^(?:\\[pid\\s+\\d+\\]\\s+)?(?:\\d+\\s+)?([a-z0-9_]+)\\(");

  private static List<Call> relevantCalls(List<String> lines, Path work, Path state) {
    List<Call> out = new ArrayList<>();
    for (String line : lines) {
      Matcher m = CALL.matcher(line);
      if (!m.find() || line.contains("resumed>")) {
        continue;
      }
      if (!line.contains(work.toString()) && !line.contains(state.toString())) {
        continue;
      }
      if (line.contains("= -1")) {
        continue; // failed calls (stat-like probes, ENOENT opens) change nothing
      }
      out.add(new Call(out.size(), m.group(1), line));
    }
    return out;
  }

  private static boolean isFsync(Call c) {
    return c.name().equals("fsync") || c.name().equals("fdatasync");
  }

  private static String tempName(String renameLine) {
    Matcher m = Pattern.compile("([^/\"<>]+\\.safefs-tx)").matcher(renameLine);
    if (!m.find()) {
      throw new AssertionError("no temp in " + renameLine);
    }
    return m.group(1);
  }

  private static int first(List<Call> calls, java.util.function.Predicate<Call> p, String what) {
    return calls.stream().filter(p).mapToInt(Call::index).findFirst()
        .orElseThrow(() -> new AssertionError("no " + what + " in the trace:\n" + dump(calls)));
  }

  private static int single(List<Call> calls, java.util.function.Predicate<Call> p, String what) {
    List<Call> found = calls.stream().filter(p).toList();
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " calls for " + what + " in the trace:\n" + dump(calls));
    }
    return found.getFirst().index();
  }

  private static String dump(List<Call> calls) {
    StringBuilder sb = new StringBuilder();
    for (Call c : calls) {
      sb.append(c.index()).append(": ").append(c.line()).append('\n');
    }
    return sb.toString();
  }
}
