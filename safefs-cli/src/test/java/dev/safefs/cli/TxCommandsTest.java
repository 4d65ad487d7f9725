package dev.safefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI faces of transactions: apply, history, undo, write --record, recover. */
class TxCommandsTest {
  @TempDir Path tmp;
  Path work;
  Path state;

  record Run(int code, String out, String err) {}

  @BeforeEach
  void setUp() throws IOException {
    work = Files.createDirectories(tmp.resolve("work"));
    state = tmp.resolve("state");
  }

  private Run run(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    InputStream saved = System.in;
    try {
      if (stdin != null) {
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      }
      String[] all = new String[args.length + 2];
      System.arraycopy(args, 0, all, 0, 1);
      all[1] = "--state";
      all[2] = state.toString();
      System.arraycopy(args, 1, all, 3, args.length - 1);
      int code = cl.execute(all);
      return new Run(code, out.toString(), err.toString());
    } finally {
      System.setIn(saved);
    }
  }

  private String p(String name) {
    return work.resolve(name).toString().replace("\\", "\\\\");
  }

  private List<String> workFiles() throws IOException {
    try (Stream<Path> s = Files.list(work)) {
      return s.map(x -> x.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void applyWritesDeletesAndMovesAllOrNothing() throws IOException {
    Files.writeString(work.resolve("old"), "old");
    Files.writeString(work.resolve("m"), "moved");
    String json = "[{\"op\":\"write\",\"path\":\"" + p("a") + "\",\"content\":\"é\\n\\u00e9\"},"
        + "{\"op\":\"delete\",\"path\":\"" + p("old") + "\"},"
        + "{\"op\":\"move\",\"from\":\"" + p("m") + "\",\"to\":\"" + p("n") + "\"}]";
    Run r = run(json, "apply", "-", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(work.resolve("a"))).isEqualTo("é\né");
    assertThat(workFiles()).containsExactly("a", "n");
    assertThat(r.out()).startsWith("{\"id\":").contains("\"recorded\":false");
  }

  @Test
  void badApplyInputIsAClearErrorExit2AndChangesNothing() throws IOException {
    Files.writeString(work.resolve("keep"), "keep");
    String good = "{\"op\":\"write\",\"path\":\"" + p("a") + "\",\"content\":\"a\"}";
    Map<String, String> cases = Map.of(
        "[" + good + ",", "invalid JSON at line 1",
        "{\"op\":\"write\"}", "expected a JSON list",
        "[" + good + ",{\"op\":\"copy\",\"path\":\"x\"}]", "change 2: \"op\" must be",
        "[" + good + ",{\"op\":\"write\",\"path\":\"" + p("b") + "\"}]", "change 2: missing \"content\"",
        "[" + good + ",{\"op\":\"write\",\"path\":\"" + p("b") + "\",\"content\":1}]", "must be a string",
        "[" + good + ",{\"op\":\"delete\",\"path\":\"" + p("keep") + "\",\"force\":true}]", "unknown key \"force\"",
        "[{\"op\":\"write\",\"path\":\"" + p("a") + "\",\"content\":\"x\",\"content\":\"y\"}]", "duplicate key",
        "[" + good + "] trailing", "unexpected data after",
        "[\"\\x\"]", "bad escape");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Run r = run(c.getKey(), "apply", "-");
      assertThat(r.code()).as(c.getKey()).isEqualTo(2);
      assertThat(r.err()).as(c.getKey()).startsWith("safefs: apply: -: ").contains(c.getValue())
          .doesNotContain("Exception").hasLineCount(1);
    }
    assertThat(workFiles()).containsExactly("keep");
    assertThat(state).as("input is checked before the journal is even opened").doesNotExist();
  }

  @Test
  void applyFailingAtCommitChangesNothing() throws IOException {
    String json = "[{\"op\":\"write\",\"path\":\"" + p("a") + "\",\"content\":\"a\"},"
        + "{\"op\":\"delete\",\"path\":\"" + p("missing") + "\"}]";
    Run r = run(json, "apply", "-");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("missing").hasLineCount(1);
    assertThat(workFiles()).isEmpty();
  }

  @Test
  void historyUndoAndForceThroughTheCli() throws IOException {
    Files.writeString(work.resolve("a"), "v0");
    Path f = tmp.resolve("tx.json");
    Files.writeString(f, "[{\"op\":\"write\",\"path\":\"" + p("a") + "\",\"content\":\"v1\"},"
        + "{\"op\":\"write\",\"path\":\"" + p("b") + "\",\"content\":\"b1\"}]");
    assertThat(run(null, "apply", f.toString(), "--record").code()).isZero();
    Run h = run(null, "history", "--json");
    assertThat(h.code()).isZero();
    assertThat(h.out()).startsWith("[{\"id\":\"").contains("\"op\":\"apply\"").contains("\"time\":\"")
        .contains("\"paths\":[\"" + p("a") + "\",\"" + p("b") + "\"]");
    String id = h.out().substring(8, h.out().indexOf('"', 8));

    Files.writeString(work.resolve("b"), "edited by hand");
    Run refused = run(null, "undo", id);
    assertThat(refused.code()).isEqualTo(5);
    assertThat(refused.err()).contains(p("b")).contains("--force").doesNotContain(p("a") + " ");
    assertThat(Files.readString(work.resolve("a"))).isEqualTo("v1");

    Run forced = run(null, "undo", id, "--force", "--json");
    assertThat(forced.code()).as(forced.err()).isZero();
    assertThat(Files.readString(work.resolve("a"))).isEqualTo("v0");
    assertThat(work.resolve("b")).doesNotExist();

    Run redo = run(null, "undo"); // the newest operation is the undo: undoing it redoes
    assertThat(redo.code()).as(redo.err()).isZero();
    assertThat(Files.readString(work.resolve("a"))).isEqualTo("v1");
    assertThat(Files.readString(work.resolve("b"))).isEqualTo("edited by hand");

    Run list = run(null, "history", "--limit", "2", "--path", work.resolve("a").toString());
    assertThat(list.out().lines()).hasSize(2).allSatisfy(l -> assertThat(l).contains(" undo "));
  }

  @Test
  void undoOfAnUnknownIdIsNotFound() {
    Run r = run(null, "undo", "nope");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).startsWith("safefs: undo: ").contains("no operation nope");
  }

  @Test
  void writeRecordIsUndoable() throws Exception {
    Files.writeString(work.resolve("f"), "before");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "write", "--record", "--json", "--state",
        state.toString(), work.resolve("f").toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    p.getOutputStream().write("after".getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(out).contains("\"bytes\":5").contains("\"replaced\":true").contains("\"id\":\"");
    assertThat(Files.readString(work.resolve("f"))).isEqualTo("after");
    Run h = run(null, "history", "--json");
    assertThat(h.out()).contains("\"op\":\"write\"");
    assertThat(run(null, "undo").code()).isZero();
    assertThat(Files.readString(work.resolve("f"))).isEqualTo("before");
  }

  @Test
  void recoverFinishesAnInterruptedTransaction() throws IOException {
    // a transaction killed after its intent became durable: a complete record, one temp renamed, one not
    Files.createDirectories(state.resolve("tx"));
    Files.writeString(work.resolve("a"), "new a"); // already renamed
    String id = "0000000000a-1-abcd";
    Files.writeString(work.resolve(".b." + id + ".safefs-tx"), "new b");
    String body = "safefs-tx\t1\nid\t" + id + "\ntime\t2026-01-01T00:00:00Z\nop\t-\n"
        + "temp\t" + work + "\t.a." + id + ".safefs-tx\n"
        + "temp\t" + work + "\t.b." + id + ".safefs-tx\n"
        + "write\t" + work + "\ta\t.a." + id + ".safefs-tx\t-\t" + hex("new a") + "\t5\n"
        + "write\t" + work + "\tb\t.b." + id + ".safefs-tx\t-\t" + hex("new b") + "\t5\n";
    String sum = hex(body);
    Files.writeString(state.resolve("tx").resolve(id + ".intent"), body + "sum\t" + sum + "\n");
    Run r = run(null, "recover", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"transactions_rolled_forward\":[\"" + id + "\"]");
    assertThat(Files.readString(work.resolve("b"))).isEqualTo("new b");
    assertThat(workFiles()).containsExactly("a", "b");
  }

  private static String hex(String s) {
    return java.util.HexFormat.of().formatHex(sha256(s));
  }

  private static byte[] sha256(String s) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
