package dev.safefs.find;

import dev.safefs.SafeFsException;
import dev.safefs.os.Dir;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

/** Run in a child JVM with a small heap: counts the entries under ROOT and the bytes of their names. */
public final class CountMain {
  private CountMain() {}

  public static void main(String[] args) throws Exception {
    LongAdder n = new LongAdder();
    LongAdder bytes = new LongAdder();
    WalkSummary s = Walker.walk(Path.of(args[0]), WalkOptions.defaults(), new WalkVisitor() {
      @Override
      public void entry(WalkEntry e, Dir parent) {
        n.increment();
        bytes.add(e.name().length());
      }

      @Override
      public void error(SafeFsException error) {
        System.err.println(error.getMessage());
      }
    });
    System.out.println(n.sum() + " entries, " + bytes.sum() + " name bytes, " + s.errors() + " errors, heap "
        + Runtime.getRuntime().maxMemory());
  }
}
