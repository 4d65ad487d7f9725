package dev.safefs.tx;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The process the crash test kills: commits the transactions of {@link CrashPlan} one after the other, logging
 * "begin SEQ" before each commit and "done SEQ" after it, until it is killed. Every third transaction is recorded
 * in the journal (with a small retention, so that collection runs under crashes too).
 *
 * <p>Arguments: WORK STATE LOG SEED FIRST_SEQ.
 */
public final class CrashChild {
  static final long T0 = System.nanoTime();

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Path state = Path.of(args[1]);
    long seed = Long.parseLong(args[3]);
    long seq = Long.parseLong(args[4]);
    Journal journal = Journal.open(state, new Retention(20, 2 * 1024 * 1024));
    Set<String> existing = new HashSet<>();
    for (int i = 0; i < CrashPlan.FILES; i++) {
      if (Files.exists(work.resolve(CrashPlan.file(i)))) {
        existing.add(CrashPlan.file(i));
      }
    }
    try (FileOutputStream log = new FileOutputStream(args[2], true)) {
      System.out.println("ready");
      System.out.flush();
      if (seq < 0) {
        return; // warm-up run: only loads the classes (for the class-data archive)
      }
      while (true) {
        List<CrashPlan.Op> ops = CrashPlan.plan(seed, seq, existing);
        log.write(("begin " + seq + "\n").getBytes(StandardCharsets.US_ASCII));
        try (Transaction tx = seq % 3 == 0 ? journal.transaction("crash") : journal.transaction()) {
          for (CrashPlan.Op op : ops) {
            switch (op.kind()) {
              case "write" -> tx.write(work.resolve(op.file()), op.content());
              case "delete" -> tx.delete(work.resolve(op.file()));
              case "move" -> tx.move(work.resolve(op.file()), work.resolve(op.to()));
              default -> throw new IllegalStateException(op.kind());
            }
          }
          tx.commit();
        }
        log.write(("done " + seq + "\n").getBytes(StandardCharsets.US_ASCII));
        if (System.getenv("CRASH_DEBUG") != null) {
          System.err.println("tx " + seq + " " + ops.size() + " ops " + (System.nanoTime() - T0) / 1_000_000 + " ms");
        }
        for (CrashPlan.Op op : ops) {
          switch (op.kind()) {
            case "write" -> existing.add(op.file());
            case "delete" -> existing.remove(op.file());
            case "move" -> {
              existing.remove(op.file());
              existing.add(op.to());
            }
            default -> throw new IllegalStateException(op.kind());
          }
        }
        seq++;
      }
    }
  }
}
