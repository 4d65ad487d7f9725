package dev.safefs.tx;

import java.nio.file.Path;

/** Adds N to the counters of {@link TxConcurrencyTest} from another process. Arguments: WORK STATE N. */
public final class IncrementChild {
  public static void main(String[] args) throws Exception {
    Journal j = Journal.open(Path.of(args[1]));
    Path work = Path.of(args[0]);
    System.out.println("ready");
    System.out.flush();
    for (int i = 0; i < Integer.parseInt(args[2]); i++) {
      TxConcurrencyTest.increment(j, work);
    }
  }
}
