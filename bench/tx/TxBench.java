import dev.safefs.tx.Journal;
import dev.safefs.tx.Transaction;
import dev.safefs.write.AtomicWriter;
import dev.safefs.write.WriteOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One 10-file transaction of 4 KB files versus 10 separate durable atomic writes of the same files, in the same
 * JVM, interleaved batch by batch so that the machine's noise hits both alike. Prints each round and the median
 * ratio. Arguments: WORKDIR ROUNDS BATCHES_PER_ROUND.
 */
public final class TxBench {
  public static void main(String[] args) throws Exception {
    Path base = Path.of(args[0]);
    int rounds = Integer.parseInt(args[1]);
    int batches = Integer.parseInt(args[2]);
    Path dirW = Files.createDirectories(base.resolve("writes"));
    Path dirT = Files.createDirectories(base.resolve("tx"));
    Path dirR = Files.createDirectories(base.resolve("recorded"));
    Journal journal = Journal.open(base.resolve("state"));
    byte[] content = new byte[4096];
    Arrays.fill(content, (byte) 'x');
    // warm-up: both paths compiled, files and lock files exist
    for (int i = 0; i < 20; i++) {
      writes(dirW, content);
      transaction(journal, dirT, content, null);
      transaction(journal, dirR, content, "bench");
    }
    List<Double> ratios = new ArrayList<>();
    System.out.printf("%-6s %14s %14s %8s %18s%n", "round", "10 writes ms", "1 tx of 10 ms", "ratio",
        "recorded tx ms (*)");
    for (int r = 1; r <= rounds; r++) {
      long w = 0;
      long t = 0;
      long rec = 0;
      for (int b = 0; b < batches; b++) {
        content[0] = (byte) b; // recorded: each batch's before-contents are new blobs
        long t0 = System.nanoTime();
        writes(dirW, content);
        long t1 = System.nanoTime();
        transaction(journal, dirT, content, null);
        long t2 = System.nanoTime();
        transaction(journal, dirR, content, "bench");
        long t3 = System.nanoTime();
        w += t1 - t0;
        t += t2 - t1;
        rec += t3 - t2;
      }
      double ratio = (double) t / w;
      ratios.add(ratio);
      System.out.printf("%-6d %14.2f %14.2f %8.2f %18.2f%n", r, w / 1e6 / batches, t / 1e6 / batches, ratio,
          rec / 1e6 / batches);
    }
    ratios.sort(null);
    double median = ratios.get(ratios.size() / 2);
    System.out.printf("(*) recorded in the journal: also stores the before-contents (here identical: one blob, one fsync), for scale%n");
    System.out.printf("median ratio (transaction / separate writes): %.2f  (limit 1.20: %s)%n", median,
        median <= 1.2 ? "PASS" : "FAIL");
    System.exit(median <= 1.2 ? 0 : 1);
  }

  private static void writes(Path dir, byte[] content) throws Exception {
    for (int i = 0; i < 10; i++) {
      AtomicWriter.write(dir.resolve("f" + i), content, WriteOptions.defaults());
    }
  }

  private static void transaction(Journal journal, Path dir, byte[] content, String op) throws Exception {
    try (Transaction tx = op == null ? journal.transaction() : journal.transaction(op)) {
      for (int i = 0; i < 10; i++) {
        tx.write(dir.resolve("f" + i), content);
      }
      tx.commit();
    }
  }
}
