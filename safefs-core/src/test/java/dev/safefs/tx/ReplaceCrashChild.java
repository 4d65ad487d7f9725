package dev.safefs.tx;

import dev.safefs.os.Dir;
import dev.safefs.os.Os;
import dev.safefs.write.AtomicWriter;
import dev.safefs.write.WriteOptions;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The process {@link ReplaceCrashTest} kills: recorded replaces ({@link RecordedReplace}) of a few files, one after
 * the other, logging "begin SEQ" before each and "done SEQ" after it, until it is killed. A small retention makes
 * the journal collect under the kills too.
 *
 * <p>Arguments: WORK STATE LOG FIRST_SEQ.
 */
public final class ReplaceCrashChild {
  static final int FILES = 3;

  static String file(long seq) {
    return "r" + (seq % FILES);
  }

  /** Content of the replace number {@code seq}: its number first, then a size that varies from 0 to ~20 KB. */
  static byte[] content(long seq) {
    StringBuilder sb = new StringBuilder("replace ").append(seq).append('\n');
    int lines = (int) ((seq * 7919) % 700);
    for (int i = 0; i < lines; i++) {
      sb.append("line ").append(i).append(" of ").append(seq).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Journal journal = Journal.open(Path.of(args[1]), new Retention(12, 1 << 20));
    long seq = Long.parseLong(args[3]);
    Os os = Os.get();
    try (FileOutputStream log = new FileOutputStream(args[2], true); Dir dir = os.openDir(work)) {
      System.out.println("ready");
      System.out.flush();
      if (seq < 0) {
        return;
      }
      while (true) {
        String name = file(seq);
        log.write(("begin " + seq + "\n").getBytes(StandardCharsets.US_ASCII));
        try (RecordedReplace rec = journal.replace("crash", work.resolve(name), dir, name);
            AtomicWriter w = AtomicWriter.open(os, dir, name, WriteOptions.defaults())) {
          w.write(content(seq));
          w.commit(rec);
          rec.finish();
        }
        log.write(("done " + seq + "\n").getBytes(StandardCharsets.US_ASCII));
        seq++;
      }
    }
  }
}
