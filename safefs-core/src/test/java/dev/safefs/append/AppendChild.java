package dev.safefs.append;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM appender for the interop test: {@code FILE COUNT TAG THREADS}. Each of THREADS threads appends COUNT
 * numbered lines ("TAG-t NNNNNNNN xxx...") through one shared group-commit appender, fsync on.
 */
public final class AppendChild {
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    String tag = args[2];
    int threads = Integer.parseInt(args[3]);
    try (LockedAppender a = LockedAppender.open(file, AppendOptions.defaults())) {
      List<Thread> ts = new ArrayList<>();
      List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int t = 0; t < threads; t++) {
        String myTag = tag + "-" + t;
        ts.add(Thread.ofPlatform().start(() -> {
          try {
            for (int i = 0; i < count; i++) {
              a.append(String.format("%s %08d %s", myTag, i, "x".repeat(60)).getBytes(StandardCharsets.UTF_8));
            }
          } catch (Throwable e) {
            errors.add(e);
          }
        }));
      }
      for (Thread t : ts) {
        t.join();
      }
      if (!errors.isEmpty()) {
        errors.getFirst().printStackTrace();
        System.exit(1);
      }
    }
  }
}
