package dev.safefs.tx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The deterministic workload of the crash test: transaction {@code seq} of run {@code seed} is a function of the
 * files that exist before it, so the parent can replay exactly what the killed child was committing.
 */
final class CrashPlan {
  static final int DIRS = 3;
  static final int FILES = 30;

  record Op(String kind, String file, String to, byte[] content) {}

  private CrashPlan() {}

  static String file(int i) {
    return "d" + (i % DIRS) + "/f" + (i < 10 ? "0" : "") + i;
  }

  /** Transaction {@code seq}: 2 to 20 distinct files, mostly writes of mixed sizes, some deletes and moves. */
  static List<Op> plan(long seed, long seq, Set<String> existing) {
    SplittableRandom r = new SplittableRandom(seed * 1_000_003L + seq);
    int k = 2 + r.nextInt(19);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < FILES; i++) {
      order.add(i);
    }
    for (int i = FILES - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      Integer t = order.get(i);
      order.set(i, order.get(j));
      order.set(j, t);
    }
    Set<String> used = new HashSet<>();
    for (int i = 0; i < k; i++) {
      used.add(file(order.get(i)));
    }
    List<String> freeTargets = new ArrayList<>();
    for (int i = k; i < FILES; i++) {
      String f = file(order.get(i));
      if (!existing.contains(f)) {
        freeTargets.add(f);
      }
    }
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      String f = file(order.get(i));
      double d = r.nextDouble();
      if (existing.contains(f) && d < 0.12) {
        ops.add(new Op("delete", f, null, null));
      } else if (existing.contains(f) && d < 0.24 && !freeTargets.isEmpty()) {
        ops.add(new Op("move", f, freeTargets.removeLast(), null));
      } else {
        ops.add(new Op("write", f, null, content(r)));
      }
    }
    return ops;
  }

  private static byte[] content(SplittableRandom r) {
    double d = r.nextDouble();
    int size;
    if (d < 0.05) {
      size = 0;
    } else if (d < 0.45) {
      size = 1 + r.nextInt(200);
    } else if (d < 0.8) {
      size = 1024 + r.nextInt(8 * 1024);
    } else if (d < 0.95) {
      size = 8 * 1024 + r.nextInt(24 * 1024);
    } else {
      size = 32 * 1024 + r.nextInt(96 * 1024);
    }
    byte[] b = new byte[size];
    r.nextBytes(b);
    return b;
  }

  static void apply(Map<String, byte[]> model, List<Op> ops) {
    for (Op op : ops) {
      switch (op.kind()) {
        case "write" -> model.put(op.file(), op.content());
        case "delete" -> model.remove(op.file());
        case "move" -> model.put(op.to(), model.remove(op.file()));
        default -> throw new IllegalStateException(op.kind());
      }
    }
  }
}
