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
    try (LockedAppender a = LockedAppender.open(file, o)) {
      List<Thread> ts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String myTag = tag + "-" + t;
        ts.add(Thread.ofPlatform().start(() -> {
          try {
            for (int i = 0; i < count; i++) {
              a.append((myTag + " " + String.format("%08d", i) + " " + "x".repeat(60))
                  .getBytes(StandardCharsets.UTF_8));
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
    double s = (System.nanoTime() - start) / 1e9;
    System.err.printf("%s: %d records in %.3f s = %.0f records/s%n", tag, (long) count * threads, s,
        count * threads / s);
  }
}
