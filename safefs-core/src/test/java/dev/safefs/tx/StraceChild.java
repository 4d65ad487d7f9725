package dev.safefs.tx;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Commits one transaction for the strace test, then creates {@code WORK/COMMITTED} as a marker of the instant
 * commit() returned. Arguments: WORK STATE RECORDED(true|false).
 */
public final class StraceChild {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Journal journal = Journal.open(Path.of(args[1]));
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
