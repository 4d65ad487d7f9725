package dev.safefs.find;

import dev.safefs.SafeFsException;
import dev.safefs.os.Dir;
import java.nio.file.Path;
import java.util.List;

/** Run in a child JVM (as another user): walks ROOT with every entry shown, like find ROOT -mindepth 1. */
public final class WalkMain {
  private WalkMain() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    WalkOptions o = WalkOptions.defaults().withHidden(true).withIgnoreFiles(false);
    if (args.length > 1) {
      o = o.withGlobs(List.of(args[1]));
    }
    StringBuilder out = new StringBuilder();
    WalkSummary s = Walker.walk(root, o, new WalkVisitor() {
      @Override
      public synchronized void entry(WalkEntry e, Dir parent) {
        out.append(root).append('/').append(e.relative()).append('\n');
      }

      @Override
      public synchronized void error(SafeFsException error) {
        System.err.println("error: " + error.getMessage());
      }
    });
    System.out.print(out);
    System.out.flush();
    System.exit(s.errors() > 0 ? 1 : 0);
  }
}
