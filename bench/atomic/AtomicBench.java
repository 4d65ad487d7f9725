import dev.safefs.write.AtomicWriter;
import dev.safefs.write.WriteOptions;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Durable atomic replaces in process with safefs's AtomicWriter and its default durability (fsync of the file, then
 * of the directory), in the same pattern as the C baseline (atomic_c.c): COUNT replaces of SIZE bytes of 'x',
 * cycling over DIR/f0..f15. A warm-up in DIR/w0..w15 first, untimed, so the JIT has compiled the path.
 * Prints "<replaces per second> <seconds>" and the writing thread's CPU time per replace.
 *
 * <p>With COUNT "-", it serves the benchmark script instead: after the warm-up it reads a number N per line from
 * stdin, does N replaces, and answers with the seconds they took, so that the script can alternate safefs and the
 * C baseline in small chunks (the disk of a shared machine is too noisy for long runs one after the other).
 *
 * <p>Usage: {@code java -cp safefs.jar:CLASSES AtomicBench DIR COUNT|- SIZE [WARMUP]}
 */
public final class AtomicBench {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    boolean serve = args[1].equals("-");
    int count = serve ? 0 : Integer.parseInt(args[1]);
    int size = Integer.parseInt(args[2]);
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 300;
    byte[] content = new byte[size];
    Arrays.fill(content, (byte) 'x');
    WriteOptions options = WriteOptions.defaults();
    for (int i = 0; i < warmup; i++) {
      AtomicWriter.write(dir.resolve("w" + (i % 16)), content, options);
    }
    Path[] targets = new Path[16];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = dir.resolve("f" + i);
    }
    if (!serve) {
      var threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long cpu0 = threads.getCurrentThreadCpuTime();
      long user0 = threads.getCurrentThreadUserTime();
      double seconds = replaces(targets, count, content, options);
      double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / count;
      double user = (threads.getCurrentThreadUserTime() - user0) / 1e3 / count;
      System.out.printf("%.1f %.4f cpu/replace %.1f us (user %.1f us)%n", count / seconds, seconds, cpu, user);
      return;
    }
    System.out.println("ready");
    System.out.flush();
    var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
    String line;
    int next = 0;
    while ((line = in.readLine()) != null && !line.isBlank()) {
      int n = Integer.parseInt(line.trim());
      double seconds = replaces(targets, next, n, content, options);
      next += n;
      System.out.printf("%.6f%n", seconds);
      System.out.flush();
    }
  }

  private static double replaces(Path[] targets, int count, byte[] content, WriteOptions options) throws Exception {
    return replaces(targets, 0, count, content, options);
  }

  private static double replaces(Path[] targets, int from, int count, byte[] content, WriteOptions options)
      throws Exception {
    long start = System.nanoTime();
    for (int i = from; i < from + count; i++) {
      AtomicWriter.write(targets[i % 16], content, options);
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
