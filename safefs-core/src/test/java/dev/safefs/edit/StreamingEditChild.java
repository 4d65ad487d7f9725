package dev.safefs.edit;

import java.nio.file.Path;
import java.util.List;

/**
 * Child JVM for {@link StreamingMemoryTest}: one exact edit, printing the strategy, lines and hash after; a fourth
 * argument {@code hash} asks for the hashes (else a file at rest is compared by its stat and not hashed).
 */
public final class StreamingEditChild {
  public static void main(String[] args) throws Exception {
    EditResult r = EditEngine.edit(Path.of(args[0]), List.of(Edit.of(args[1], args[2])),
        EditOptions.defaults().withHashStreamed(args.length > 3 && args[3].equals("hash")));
    System.out.println(r.changes().getFirst().strategy() + " " + r.changes().getFirst().ranges().getFirst()
        + " " + r.sha256After());
  }
}
