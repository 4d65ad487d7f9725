package dev.safefs.cli;

import dev.safefs.InvalidInputException;
import dev.safefs.tx.Journal;
import dev.safefs.tx.Transaction;
import dev.safefs.tx.TxResult;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code safefs apply FILE|-}: a JSON list of changes, applied as one transaction:
 * {@code [{"op":"write","path":P,"content":TEXT}, {"op":"delete","path":P}, {"op":"move","from":A,"to":B}]}.
 * Everything is parsed and checked before anything is staged; bad input changes nothing (exit 2).
 */
@Command(name = "apply",
    description = "Apply a JSON list of changes (write, delete, move) as one all-or-nothing "
    + "transaction.")
final class ApplyCommand implements Callable<Integer> {

  /** One parsed change. */
  record Change(String op, Path path, Path to, byte[] content, String ifSha256) {}

  private static final Map<String, Set<String>> KEYS = Map.of(
      "write", Set.of("op", "path", "content", "if_sha256"),
      "delete", Set.of("op", "path", "if_sha256"),
      "move", Set.of("op", "from", "to"));

  @Parameters(index = "0", paramLabel = "FILE|-", description = "The JSON file, or - for standard input.")
  String file;

  @Option(names = "--record", description = "Record the transaction in the journal (undoable).")
  boolean record;

  @Option(names = "--parents", description = "Create missing parent directories of written and moved files.")
  boolean parents;

  @Mixin
  StateOption state;

  @Mixin
  CommonOptions common;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path source = Path.of(file);
    byte[] raw;
    if (file.equals("-")) {
      raw = System.in.readAllBytes();
    } else {
      try (InputStream in = new FileInputStream(file)) {
        raw = in.readAllBytes();
      } catch (java.io.FileNotFoundException e) {
        throw new dev.safefs.NotFoundException("apply", source, "cannot read: " + e.getMessage(), e);
      }
    }
    List<Change> changes = parse(source, raw);
    Journal j = state.journal(spec);
    TxResult r;
    try (Transaction tx = record ? j.transaction("apply") : j.transaction()) {
      if (parents) {
        tx.createParents();
      }
      for (Change c : changes) {
        switch (c.op()) {
          case "write" -> {
            if (c.ifSha256() != null) {
              tx.write(c.path(), c.content(), c.ifSha256());
            } else {
              tx.write(c.path(), c.content());
            }
          }
          case "delete" -> {
            if (c.ifSha256() != null) {
              tx.delete(c.path(), c.ifSha256());
            } else {
              tx.delete(c.path());
            }
          }
          case "move" -> tx.move(c.path(), c.to());
          default -> throw new IllegalStateException(c.op());
        }
      }
      r = tx.commit();
    }
    if (common.json) {
      spec.commandLine().getOut().println(Json.of(Changes.of(r)));
    } else {
      spec.commandLine().getOut().println("applied " + changes.size() + " change" + (changes.size() == 1 ? "" : "s")
          + " (transaction " + r.id() + (r.recorded() ? ", recorded" : "") + ")");
    }
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }

  /** Parses and checks the whole input; any problem is an InvalidInputException naming the change. */
  static List<Change> parse(Path source, byte[] raw) throws InvalidInputException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInputException("apply", source, "not UTF-8 text");
    }
    Object doc;
    try {
      doc = JsonParser.parse(text);
    } catch (JsonParser.JsonException e) {
      throw new InvalidInputException("apply", source, e.getMessage());
    }
    if (!(doc instanceof List<?> list)) {
      throw new InvalidInputException("apply", source, "expected a JSON list of changes");
    }
    List<Change> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String where = "change " + (i + 1) + ": ";
      if (!(list.get(i) instanceof Map<?, ?> m)) {
        throw new InvalidInputException("apply", source, where + "expected an object");
      }
      if (!(m.get("op") instanceof String op) || !KEYS.containsKey(op)) {
        throw new InvalidInputException("apply", source, where + "\"op\" must be \"write\", \"delete\" or \"move\"");
      }
      for (Object k : m.keySet()) {
        if (!KEYS.get(op).contains(k)) {
          throw new InvalidInputException("apply", source, where + "unknown key \"" + k + "\" for " + op);
        }
      }
      String sha = optionalString(source, where, m, "if_sha256");
      if (sha != null && !sha.matches("[0-9a-fA-F]{64}")) {
        throw new InvalidInputException("apply", source, where + "\"if_sha256\" must be 64 hex digits");
      }
      switch (op) {
        case "write" -> {
          String content = requiredString(source, where, m, "content");
          out.add(new Change(op, path(source, where, m, "path"), null, content.getBytes(StandardCharsets.UTF_8),
              sha));
        }
        case "delete" -> out.add(new Change(op, path(source, where, m, "path"), null, null, sha));
        default -> out.add(new Change(op, path(source, where, m, "from"), path(source, where, m, "to"), null, null));
      }
    }
    return out;
  }

  private static String requiredString(Path source, String where, Map<?, ?> m, String key)
      throws InvalidInputException {
    String s = optionalString(source, where, m, key);
    if (s == null) {
      throw new InvalidInputException("apply", source, where + "missing \"" + key + "\"");
    }
    return s;
  }

  private static String optionalString(Path source, String where, Map<?, ?> m, String key)
      throws InvalidInputException {
    Object v = m.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw new InvalidInputException("apply", source, where + "\"" + key + "\" must be a string");
    }
    return s;
  }

  private static Path path(Path source, String where, Map<?, ?> m, String key) throws InvalidInputException {
    String s = requiredString(source, where, m, key);
    if (s.isEmpty()) {
      throw new InvalidInputException("apply", source, where + "\"" + key + "\" is empty");
    }
    try {
      return Path.of(s);
    } catch (InvalidPathException e) {
      throw new InvalidInputException("apply", source, where + "\"" + key + "\" is not a valid path");
    }
  }

}
