package dev.safefs.tx;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Commits one transaction for the strace test, then creates {@code WORK/COMMITTED} as a marker of the instant
 * commit() returned. Arguments: WORK STATE RECORDED(true|false|replace); {@code replace}: one recorded replace of
 * {@code WORK/d0/a} (a {@link RecordedReplace} joined to an atomic writer) instead of a transaction.
 */
public final class StraceChild {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Journal journal = Journal.open(Path.of(args[1]));
    if (args[2].equals("replace")) {
      try (dev.safefs.os.Dir dir = dev.safefs.os.Os.get().openDir(work.resolve("d0"));
          RecordedReplace rec = journal.replace("strace", work.resolve("d0/a"), dir, "a");
          dev.safefs.write.AtomicWriter w = dev.safefs.write.AtomicWriter.open(dev.safefs.os.Os.get(), dir, "a",
              dev.safefs.write.WriteOptions.defaults())) {
        w.write("new a".getBytes(StandardCharsets.UTF_8));
        w.commit(rec);
        new FileOutputStream(work.resolve("COMMITTED").toFile()).close();
        rec.finish();
      }
      return;
    }
    boolean recorded = Boolean.parseBoolean(args[2]);
    try (Transaction tx = recorded ? journal.transaction("strace") : journal.transaction()) {
      tx.write(work.resolve("d0/a"), "new a".getBytes(StandardCharsets.UTF_8));
      tx.write(work.resolve("d0/b"), "new b".getBytes(StandardCharsets.UTF_8));
      tx.write(work.resolve("d1/c"), "new c".getBytes(StandardCharsets.UTF_8));
      tx.delete(work.resolve("d1/gone"));
      tx.move(work.resolve("d0/m"), work.resolve("d1/m2"));
      tx.commit();
    }
    new FileOutputStream(work.resolve("COMMITTED").toFile()).close();
  }
}
