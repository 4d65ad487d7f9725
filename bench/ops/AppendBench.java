import dev.safefs.append.AppendOptions;
import dev.safefs.append.LockedAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * usage: AppendBench FILE COUNT TAG THREADS group|record
 * THREADS threads append COUNT lines each (the seed's line shape) through one appender, fsync on:
 * "record" = every record takes the lock, is written and fsynced alone; "group" = group commit.
 * Prints the records per second of the appending itself on stderr.
 */
public final class AppendBench {
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    String tag = args[2];
    int threads = Integer.parseInt(args[3]);
    boolean group = args[4].equals("group");
    AppendOptions o = AppendOptions.defaults().withGroupCommit(group);
    long start = System.nanoTime();
    run(file, count, tag, threads, o);
    double s = (System.nanoTime() - start) / 1e9;
    System.err.printf("%s: %d records in %.3f s = %.0f records/s%n", tag, (long) count * threads, s,
        count * threads / s);
  }

  private static void run(Path file, int count, String tag, int threads, AppendOptions o) throws Exception {
    try (LockedAppender a = LockedAppender.open(file, o)) {
      List<Thread> ts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        // the seed's line, "TAG NNNNNNNN xxx...", built in a reused buffer: the benchmark times the appender, and
        // String.format per record (several microseconds with C1) would sit on group commit's critical path
        byte[] head = (tag + "-" + t + " ").getBytes(StandardCharsets.UTF_8);
        ts.add(Thread.ofPlatform().start(() -> {
          byte[] rec = new byte[head.length + 8 + 1 + 60];
          System.arraycopy(head, 0, rec, 0, head.length);
          java.util.Arrays.fill(rec, head.length + 8, rec.length, (byte) 'x');
          rec[head.length + 8] = ' ';
          try {
            for (int i = 0; i < count; i++) {
              for (int d = 7, v = i; d >= 0; d--, v /= 10) {
                rec[head.length + d] = (byte) ('0' + v % 10);
              }
              a.append(rec); // the appender copies the record (and adds the newline)
            }
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        }));
      }
      for (Thread t : ts) {
        t.join();
      }
    }
  }
}
