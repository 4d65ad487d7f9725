package dev.safefs.tx;

import dev.safefs.Hashes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The text form of an intent record, which is also the form of a journal entry. One line per fact, fields separated
 * by tabs and percent-escaped; the last line {@code sum <sha256>} covers every byte before it, so a torn or damaged
 * record is told from a complete one:
 *
 * <pre>
 * safefs-tx  1
 * id     ID
 * time   ISO-8601 instant
 * op     OPERATION | -          (- : not recorded in the journal)
 * undoes ID                     (optional)
 * temp   DIR TEMP               (written as each temp is staged, before it is created)
 * write  DIR NAME TEMP BEFORE AFTER SIZE BEFOREMODE
 * delete DIR NAME BEFORE INODE MODE
 * move   FROMDIR FROMNAME TODIR TONAME SHA INODE TOBEFORE FROMMODE TOMODE
 * state  PATH BEFORE AFTER BEFOREMODE
 * sum    SHA256-OF-ALL-BYTES-BEFORE-THIS-LINE
 * </pre>
 *
 * Hashes are lower-case hex or {@code -} for none; modes octal or {@code -} for unknown.
 */
final class IntentRecord {
  static final String MAGIC = "safefs-tx\t1";

  /** A staged temp the record names, to remove when the transaction is discarded. */
  record TempRef(Path dir, String name) {}

  /** A parsed record; {@code complete} only when the sum line is present and matches. */
  record Parsed(String id, Instant time, String op, String undoes, List<TempRef> temps, List<Step> steps,
      boolean complete, String problem) {
    boolean recorded() {
      return op != null;
    }

    List<PathChange> changes() {
      List<PathChange> out = new ArrayList<>();
      for (Step s : steps) {
        out.addAll(s.changes());
      }
      return out;
    }

    JournalEntry entry() {
      return new JournalEntry(id, time, op, undoes, changes());
    }
  }

  private IntentRecord() {}

  /** The entry a record made by {@link #whole} with these fields parses to, without writing and parsing it. */
  static JournalEntry entryOf(String id, Instant time, String op, String undoes, List<Step> steps) {
    return new Parsed(id, time, op, undoes, List.of(), steps, true, null).entry();
  }

  static String header(String id, Instant time, String op, String undoes) {
    StringBuilder sb = new StringBuilder(MAGIC).append('\n');
    line(sb, "id", id);
    line(sb, "time", time.toString());
    line(sb, "op", op == null ? "-" : op);
    if (undoes != null) {
      line(sb, "undoes", undoes);
    }
    return sb.toString();
  }

  static String tempLine(Path dir, String name) {
    return line(new StringBuilder(), "temp", dir.toString(), name).toString();
  }

  static String stepLine(Step step) {
    StringBuilder sb = new StringBuilder();
    return switch (step) {
      case Step.Write w -> line(sb, "write", w.dir().toString(), w.name(), w.temp(), h(w.before()), h(w.after()),
          Long.toString(w.size()), mode(w.beforeMode())).toString();
      case Step.Delete d -> line(sb, "delete", d.dir().toString(), d.name(), h(d.before()),
          Long.toString(d.inode()), mode(d.mode())).toString();
      case Step.Move m -> line(sb, "move", m.fromDir().toString(), m.fromName(), m.toDir().toString(), m.toName(),
          h(m.sha()), Long.toString(m.inode()), h(m.toBefore()), mode(m.fromMode()), mode(m.toMode())).toString();
      case Step.State s -> line(sb, "state", s.path().toString(), h(s.before()), h(s.after()),
          mode(s.beforeMode())).toString();
    };
  }

  private static String mode(int m) {
    return m < 0 ? "-" : Integer.toOctalString(m);
  }

  private static int unmode(String[] f, int i) {
    if (f.length <= i || "-".equals(f[i])) {
      return -1;
    }
    int m = Integer.parseInt(f[i], 8);
    if ((m & ~07777) != 0) {
      throw new IllegalArgumentException("bad mode " + f[i]);
    }
    return m;
  }

  static String sumLine(MessageDigest digestOfAllBefore) {
    return "sum\t" + Hashes.hex(digestOfAllBefore) + "\n";
  }

  /** A whole record in one piece (for entries written at once). */
  static byte[] whole(String id, Instant time, String op, String undoes, List<Step> steps) {
    StringBuilder sb = new StringBuilder(header(id, time, op, undoes));
    for (Step s : steps) {
      sb.append(stepLine(s));
    }
    byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
    MessageDigest md = Hashes.sha256();
    md.update(body);
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 72);
    out.writeBytes(body);
    out.writeBytes(sumLine(md).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static String h(String hash) {
    return hash == null ? "-" : hash;
  }

  private static String unh(String field) {
    if ("-".equals(field)) {
      return null;
    }
    if (!Hashes.isSha256(field)) {
      throw new IllegalArgumentException("bad hash " + field);
    }
    return field;
  }

  private static StringBuilder line(StringBuilder sb, String key, String... fields) {
    sb.append(key);
    for (String f : fields) {
      sb.append('\t');
      escape(sb, f);
    }
    return sb.append('\n');
  }

  private static void escape(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' || c < 0x20 || c == 0x7f) {
        sb.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
      } else {
        sb.append(c);
      }
    }
  }

  private static String unescape(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new IllegalArgumentException("bad escape");
        }
        sb.append((char) Integer.parseInt(s, i + 1, i + 3, 16));
        i += 2;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * Parses as much as can be trusted. An incomplete or damaged record still yields the temps it names (so that they
   * can be removed) but no steps are ever taken from it.
   */
  static Parsed parse(byte[] data) {
    String id = null;
    String op = null;
    String undoes = null;
    Instant time = null;
    List<TempRef> temps = new ArrayList<>();
    List<Step> steps = new ArrayList<>();
    boolean complete = false;
    String problem = null;
    int start = 0;
    int lineNo = 0;
    while (start < data.length) {
      int nl = indexOf(data, (byte) '\n', start);
      if (nl < 0) {
        problem = "truncated (last line has no end)";
        break;
      }
      String line = new String(data, start, nl - start, StandardCharsets.UTF_8);
      lineNo++;
      String[] f = line.split("\t", -1);
      try {
        if (lineNo == 1) {
          if (!line.equals(MAGIC)) {
            problem = "not a safefs transaction record";
            break;
          }
        } else if (f[0].equals("sum")) {
          MessageDigest md = Hashes.sha256();
          md.update(data, 0, start);
          if (f.length == 2 && Hashes.hex(md).equals(f[1]) && nl == data.length - 1) {
            complete = true;
          } else {
            problem = nl == data.length - 1 ? "checksum mismatch" : "data after the checksum";
          }
          break;
        } else {
          for (int i = 1; i < f.length; i++) {
            f[i] = unescape(f[i]);
          }
          switch (f[0]) {
            case "id" -> id = f[1];
            case "time" -> time = Instant.parse(f[1]);
            case "op" -> op = "-".equals(f[1]) ? null : f[1];
            case "undoes" -> undoes = f[1];
            case "temp" -> temps.add(new TempRef(Path.of(f[1]), f[2]));
            case "write" -> steps.add(new Step.Write(Path.of(f[1]), f[2], f[3], unh(f[4]), unh(f[5]),
                Long.parseLong(f[6]), unmode(f, 7)));
            case "delete" -> steps.add(new Step.Delete(Path.of(f[1]), f[2], unh(f[3]), Long.parseLong(f[4]),
                unmode(f, 5)));
            case "move" -> steps.add(new Step.Move(Path.of(f[1]), f[2], Path.of(f[3]), f[4], unh(f[5]),
                Long.parseLong(f[6]), unh(f[7]), unmode(f, 8), unmode(f, 9)));
            case "state" -> steps.add(new Step.State(Path.of(f[1]), unh(f[2]), unh(f[3]), unmode(f, 4)));
            default -> throw new IllegalArgumentException("unknown line " + f[0]);
          }
        }
      } catch (RuntimeException e) {
        problem = "damaged line " + lineNo;
        break;
      }
      start = nl + 1;
    }
    if (!complete && problem == null) {
      problem = "incomplete (no checksum line)";
    }
    if (complete && (id == null || time == null)) {
      complete = false;
      problem = "missing id or time";
    }
    return new Parsed(id, time, op, undoes, List.copyOf(temps), complete ? List.copyOf(steps) : List.of(), complete,
        problem);
  }

  private static int indexOf(byte[] a, byte b, int from) {
    for (int i = from; i < a.length; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
