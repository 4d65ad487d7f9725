package dev.safefs.edit;

import dev.safefs.Hashes;
import dev.safefs.ConflictException;
import dev.safefs.InvalidInputException;
import dev.safefs.NotFoundException;
import dev.safefs.SafeFs;
import dev.safefs.SafeFsException;
import dev.safefs.tx.Transaction;
import dev.safefs.tx.TxResult;
import dev.safefs.write.AtomicWriter;
import dev.safefs.write.WriteOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a V4A patch or a unified diff to files under a root. Every hunk of every file is validated first,
 * producing the new content of each file in memory; only then is anything written, and a patch touching more
 * than one file is written as one transaction (all files or none, also across a crash). A failure names the
 * file, the hunk and why, and leaves every file as it was.
 */
public final class PatchEngine {
  private PatchEngine() {}

  static final String OP = "patch";

  /** A file as the patch sees it: its content before the patch and as planned so far. */
  private static final class Slot {
    final String rel;
    final Path abs;
    final boolean existedBefore;
    byte[] original;
    String shaBefore;
    byte[] current;
    boolean exists;
    Integer mode;

    Slot(String rel, Path abs, boolean existed) {
      this.rel = rel;
      this.abs = abs;
      this.existedBefore = existed;
      this.exists = existed;
    }

    byte[] content() throws SafeFsException {
      if (original == null && existedBefore) {
        original = FileText.read(OP, abs);
        shaBefore = Hashes.sha256(original);
        current = original;
      }
      return current;
    }
  }

  /**
   * Applies {@code patch} under {@code root}.
   *
   * @param stateDir the transaction state directory (null: the default, see {@code Journal.stateDir})
   */
  public static PatchResult apply(String patch, Path root, EditOptions options, Path stateDir) throws IOException {
    PatchParser.Parsed parsed;
    try {
      parsed = PatchParser.parse(patch);
    } catch (PatchFormatException e) {
      throw new InvalidInputException(OP, null, "cannot read the patch: " + e.getMessage());
    }
    Map<String, Slot> slots = new LinkedHashMap<>();
    List<FileResult> results = new ArrayList<>();
    List<FilePatch> files = parsed.files();
    for (int i = 0; i < files.size(); i++) {
      FilePatch fp = files.get(i);
      String label = files.size() == 1 ? "" : "file " + (i + 1) + " of " + files.size() + ": ";
      try {
        results.add(plan(fp, parsed.crAware(), root, slots));
      } catch (SafeFsException e) {
        throw EditErrors.at(e, OP, e.path() == null ? Path.of(fp.path()) : e.path(), label);
      }
    }
    if (options.dryRun()) {
      return new PatchResult(parsed.format(), results, false, null);
    }
    String txId = commit(slots, stateDir == null ? options : options.withStateDir(stateDir));
    return new PatchResult(parsed.format(), results, true, txId);
  }

  private static FileResult plan(FilePatch fp, boolean crAware, Path root, Map<String, Slot> slots)
      throws SafeFsException {
    Path shown = Path.of(fp.path());
    switch (fp.action()) {
      case ADD -> {
        Slot s = slot(root, fp.path(), slots);
        if (s.exists) {
          throw new ConflictException(OP, shown, "cannot add: it already exists");
        }
        byte[] content = addedContent(fp.hunks().getFirst()).getBytes(StandardCharsets.UTF_8);
        s.current = content;
        s.exists = true;
        s.mode = fp.mode();
        String diff = Diffs.ofTexts("/dev/null", "b/" + fp.path(), "", new String(content, StandardCharsets.UTF_8));
        return new FileResult(fp.path(), null, fp.action(), List.of(), diff, null, Hashes.sha256(content));
      }
      case DELETE -> {
        Slot s = slot(root, fp.path(), slots);
        if (!s.exists) {
          throw new NotFoundException(OP, shown, "cannot delete: it does not exist");
        }
        byte[] before = s.content();
        String text = TextCodec.decode(before, OP, shown).text();
        if (!fp.hunks().isEmpty()) {
          checkDeletedContent(text, fp, shown);
        }
        s.current = null;
        s.exists = false;
        String diff = Diffs.ofTexts("a/" + fp.path(), "/dev/null", text, "");
        return new FileResult(fp.path(), null, fp.action(), List.of(), diff, Hashes.sha256(before), null);
      }
      default -> {
        Slot s = slot(root, fp.path(), slots);
        boolean creation = fp.hunks().stream().allMatch(h -> h.oldLines().isEmpty());
        if (!s.exists && fp.altPath() != null && !creation) {
          s = slot(root, fp.altPath(), slots);
          shown = Path.of(fp.altPath());
        }
        if (!s.exists && creation) {
          // diff -N: a file compared with an empty one ("-0,0") is a creation
          Slot created = slot(root, fp.path(), slots);
          Hunk all = fp.hunks().getFirst();
          FilePatch add = new FilePatch(FilePatch.Action.ADD, created.rel, null, null, List.of(all), fp.patchLine(),
              null, null);
          return plan(add, crAware, root, slots);
        }
        if (!s.exists) {
          throw new NotFoundException(OP, shown, "cannot update: it does not exist");
        }
        byte[] before = s.content();
        TextCodec codec = TextCodec.decode(before, OP, shown);
        // the diff's line numbers decide between repeated contexts only when the file is the one the diff was
        // made from (git's index line names its blob)
        boolean baseMatches = fp.baseBlob() != null && s.original == before
            && gitBlobId(before).startsWith(fp.baseBlob());
        HunkApplier.Result r = HunkApplier.apply(codec.text(), fp.hunks(), crAware, baseMatches, OP, shown);
        byte[] after = TextCodec.encode(codec.bom(), r.text());
        String to = s.rel;
        if (fp.moveTo() != null) {
          Slot t = slot(root, fp.moveTo(), slots);
          if (t != s) {
            if (t.exists) {
              throw new ConflictException(OP, shown, "cannot move to " + fp.moveTo() + ": it already exists");
            }
            t.current = after;
            t.exists = true;
            t.mode = modeOf(s);
            s.current = null;
            s.exists = false;
            to = t.rel;
          } else {
            s.current = after;
          }
        } else {
          s.current = after;
        }
        String diff = Diffs.ofTexts("a/" + s.rel, "b/" + to, codec.text(), r.text());
        return new FileResult(s.rel, to.equals(s.rel) ? null : to, fp.action(), r.changes(), diff,
            Hashes.sha256(before), Hashes.sha256(after));
      }
    }
  }

  /** Git's object id of a blob: SHA-1 of {@code "blob <size>\0"} and the content. */
  static String gitBlobId(byte[] content) {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-1");
      md.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
      return java.util.HexFormat.of().formatHex(md.digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }

  private static String addedContent(Hunk h) {
    StringBuilder sb = new StringBuilder();
    for (String t : h.texts()) {
      sb.append(t).append('\n');
    }
    if (h.newNoEol() && !sb.isEmpty()) {
      sb.setLength(sb.length() - 1);
    }
    return sb.toString();
  }

  /** A unified diff deletes what it lists: a file that differs from it is a conflict, not silently removed. */
  private static void checkDeletedContent(String text, FilePatch fp, Path shown) throws ConflictException {
    List<String> want = new ArrayList<>();
    for (Hunk h : fp.hunks()) {
      for (String l : h.oldLines()) {
        want.add(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
      }
    }
    List<String> have = Lines.of(text).contents();
    if (!have.equals(want)) {
      throw new ConflictException(OP, shown, "cannot delete: its content differs from what the patch removes ("
          + have.size() + " lines in the file, " + want.size() + " in the patch)");
    }
  }

  private static Integer modeOf(Slot s) {
    try {
      return (Integer) Files.getAttribute(s.abs, "unix:mode") & 07777;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return null;
    }
  }

  private static Slot slot(Path root, String rel, Map<String, Slot> slots) throws SafeFsException {
    Path r = Path.of(rel).normalize();
    if (r.isAbsolute() || r.toString().isEmpty() || r.startsWith("..")) {
      throw new InvalidInputException(OP, Path.of(rel), "a patch path must stay inside the patch root");
    }
    String key = r.toString();
    Slot s = slots.get(key);
    if (s == null) {
      Path abs = root.resolve(r);
      if (Files.isDirectory(abs)) {
        throw new InvalidInputException(OP, r, "is a directory");
      }
      s = new Slot(key, abs, Files.exists(abs));
      slots.put(key, s);
    }
    return s;
  }

  /**
   * Writes the plan: one compare-and-swap replace for a single file, else one transaction (recorded in the journal
   * when asked, then also for a single file).
   */
  private static String commit(Map<String, Slot> slots, EditOptions options) throws IOException {
    List<Slot> changed = new ArrayList<>();
    for (Slot s : slots.values()) {
      if (s.existedBefore != s.exists || (s.exists && !Arrays.equals(s.original, s.current))) {
        changed.add(s);
      }
    }
    if (changed.isEmpty()) {
      return null;
    }
    if (changed.size() == 1 && changed.getFirst().exists && !options.record()) {
      Slot s = changed.getFirst();
      WriteOptions wo = WriteOptions.defaults().withDurability(options.durability());
      wo = s.existedBefore ? wo.withExpectedSha256(s.shaBefore) : wo.withCreateOnly(true).withMode(s.mode);
      List<Path> made = Dirs.ensureParents(s.abs);
      try {
        AtomicWriter.write(s.abs, s.current, wo);
      } catch (ConflictException e) {
        Dirs.removeEmpty(made);
        throw s.existedBefore ? EditErrors.changedMeanwhile(OP, Path.of(s.rel), e) : e;
      } catch (IOException e) {
        Dirs.removeEmpty(made);
        throw e;
      }
      return null;
    }
    List<Path> made = new ArrayList<>();
    TxResult r;
    try (Transaction tx = SafeFs.transaction(options.stateDir(), options.record() ? OP : null)) {
      for (Slot s : changed) {
        if (s.exists) {
          made.addAll(Dirs.ensureParents(s.abs));
          if (s.existedBefore) {
            tx.write(s.abs, s.current, s.shaBefore);
          } else {
            tx.write(s.abs, new ByteArrayInputStream(s.current),
                WriteOptions.defaults().withCreateOnly(true).withMode(s.mode));
          }
        } else {
          tx.delete(s.abs, s.shaBefore);
        }
      }
      r = tx.commit();
    } catch (IOException e) {
      Dirs.removeEmpty(made);
      throw e;
    }
    List<Path> emptied = new ArrayList<>();
    for (Slot s : changed) {
      if (!s.exists) {
        emptied.add(s.abs.getParent());
      }
    }
    Dirs.removeEmptyUpTo(emptied, slotsRoot(slots));
    return r.id();
  }

  private static Path slotsRoot(Map<String, Slot> slots) {
    Slot any = slots.values().iterator().next();
    Path abs = any.abs;
    for (int i = 0; i < Path.of(any.rel).getNameCount(); i++) {
      abs = abs.getParent();
    }
    return abs;
  }
}
