package dev.safefs.edit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.safefs.SafeFsException;
import dev.safefs.write.Durability;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * For random files and random unique substrings: an edit and its inverse restore the file byte for byte, and an
 * edit never changes a byte outside the range it reports.
 */
class EditPropertyTest {

  private static Path dir;
  private static final EditOptions FAST = EditOptions.defaults().withDurability(Durability.NONE);

  @BeforeContainer
  static void makeDir() throws IOException {
    dir = Files.createTempDirectory("safefs-edit-prop");
  }

  @AfterContainer
  static void removeDir() throws IOException {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** A file's text: letters, spaces, tabs, newlines, some non-ASCII; LF or CRLF throughout. */
  record Case(String content, int from, int to, String replacement, boolean crlf) {}

  private static final String ALPHABET = "abcxyz  \t\t\n\n\n{}();=\u00e9\u201c\u2014";

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<String> content = Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMinLength(1)
        .ofMaxLength(400);
    Arbitrary<String> replacement = Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMinLength(0)
        .ofMaxLength(40);
    return Combinators.combine(content, Arbitraries.integers().between(0, 10_000),
            Arbitraries.integers().between(1, 60), replacement, Arbitraries.of(true, false))
        .as((c, start, len, r, crlf) -> {
          int from = start % c.length();
          int to = Math.min(c.length(), from + len);
          return new Case(c, from, to, r, crlf);
        });
  }

  @Property(tries = 300)
  void editThenInverseRestoresTheFileAndTouchesNothingOutside(@ForAll("cases") Case c) throws IOException {
    String eol = c.crlf() ? "\r\n" : "\n";
    String before = c.content().replace("\n", eol);
    // the same substring, in the CRLF text, without cutting a CR from its LF
    int from = TextCodec.withEol(c.content().substring(0, c.from()), eol).length();
    int to = TextCodec.withEol(c.content().substring(0, c.to()), eol).length();
    String old = before.substring(from, to);
    String nu = c.replacement().replace("\n", eol);
    Assume.that(!old.isEmpty() && !old.equals(nu) && count(before, old) == 1);

    Path p = dir.resolve("f" + System.nanoTime() + ".txt");
    Files.write(p, before.getBytes(UTF_8));
    EditResult forward = edit(p, old, nu);
    Assume.that(forward != null && !forward.changes().getFirst().alreadyApplied());
    String after = Files.readString(p, UTF_8);

    // nothing outside the matched range changed
    assertThat(forward.changes().getFirst().strategy()).isEqualTo(Strategy.EXACT);
    assertThat(after).startsWith(before.substring(0, from));
    assertThat(after).endsWith(before.substring(to));
    assertThat(after).isEqualTo(before.substring(0, from) + nu + before.substring(to));

    Assume.that(!nu.isEmpty() && count(after, nu) == 1);
    EditResult back = edit(p, nu, old);
    Assume.that(back != null && !back.changes().getFirst().alreadyApplied());
    assertThat(Files.readAllBytes(p)).isEqualTo(before.getBytes(UTF_8));
    assertThat(back.sha256After()).isEqualTo(forward.sha256Before());
    Files.delete(p);
  }

  /** Code-like files: lines with varied indentation; old is a block of whole lines, re-indented and padded. */
  record Block(List<String> lines, int first, int count, String indent, String replacementLine, boolean crlf) {}

  @Provide
  Arbitrary<Block> blocks() {
    Arbitrary<String> line = Combinators.combine(
            Arbitraries.of("", "  ", "    ", "\t", "\t\t", "        "),
            Arbitraries.strings().withChars("abcdefgh(){};= ".toCharArray()).ofMinLength(1).ofMaxLength(20),
            Arbitraries.of("", " ", "\t"))
        .as((lead, body, trail) -> lead + body + trail);
    return Combinators.combine(line.list().ofMinSize(1).ofMaxSize(30), Arbitraries.integers().between(0, 100),
            Arbitraries.integers().between(1, 5), Arbitraries.of("", " ", "   ", "\t"),
            Arbitraries.strings().withChars("xyz ".toCharArray()).ofMinLength(1).ofMaxLength(10),
            Arbitraries.of(true, false))
        .as((lines, first, count, indent, repl, crlf) -> new Block(lines, first % lines.size(),
            Math.min(count, lines.size() - first % lines.size()), indent, repl, crlf));
  }

  @Property(tries = 200)
  void aTolerantEditNeverChangesLinesOutsideItsReportedRange(@ForAll("blocks") Block b) throws IOException {
    String eol = b.crlf() ? "\r\n" : "\n";
    String before = String.join(eol, b.lines()) + eol;
    StringBuilder old = new StringBuilder();
    for (int i = b.first(); i < b.first() + b.count(); i++) {
      old.append(b.indent()).append(b.lines().get(i).strip()).append('\n');
    }
    String nu = old + b.indent() + b.replacementLine() + "\n";
    Path p = dir.resolve("b" + System.nanoTime() + ".txt");
    Files.write(p, before.getBytes(UTF_8));
    EditResult r = edit(p, old.toString(), nu);
    Assume.that(r != null && !r.changes().getFirst().alreadyApplied());
    LineRange range = r.changes().getFirst().ranges().getFirst();
    List<String> was = Lines.of(before).contents();
    String afterText = Files.readString(p, UTF_8);
    List<String> now = Lines.of(afterText).contents();
    // lines before the range are the same bytes, and so are the lines after it
    assertThat(now.subList(0, range.newFirst() - 1)).isEqualTo(was.subList(0, range.oldFirst() - 1));
    assertThat(now.subList(range.newLast(), now.size())).isEqualTo(was.subList(range.oldLast(), was.size()));
    assertThat(afterText.substring(0, Lines.of(afterText).start(range.newFirst() - 1)))
        .isEqualTo(before.substring(0, Lines.of(before).start(range.oldFirst() - 1)));
    // the old lines are kept as they were (their own whitespace), and the new line is added after them
    assertThat(now.subList(range.newFirst() - 1, range.newFirst() - 1 + (range.oldLast() - range.oldFirst() + 1)))
        .isEqualTo(was.subList(range.oldFirst() - 1, range.oldLast()));
    assertThat(Files.readAllBytes(p).length).isGreaterThan(before.getBytes(UTF_8).length);
    if (b.crlf()) {
      assertThat(afterText.replace("\r\n", "")).doesNotContain("\n");
    }
    Files.delete(p);
  }

  private static EditResult edit(Path p, String old, String nu) {
    try {
      return EditEngine.edit(p, List.of(Edit.of(old, nu)), FAST);
    } catch (SafeFsException e) {
      return null; // ambiguous or not found under this random case: not what this property is about
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int count(String s, String sub) {
    int n = 0;
    for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
      n++;
    }
    return n;
  }
}
