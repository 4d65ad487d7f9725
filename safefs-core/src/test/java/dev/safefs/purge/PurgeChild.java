package dev.safefs.purge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A purge in a child JVM (run as another user by the tests): {@code ROOT apply|dry}; prints the report. */
public final class PurgeChild {
  public static void main(String[] args) throws Exception {
    PurgeReport r = Purger.purge(Path.of(args[0]), PurgeOptions.olderThan(Duration.ofDays(1))
        .withGlobs(List.of("*.log")).withApply(args[1].equals("apply")));
    for (PurgeReport.Removed x : r.removed()) {
      System.out.println("removed " + x.path());
    }
    for (PurgeReport.Skipped s : r.skipped()) {
      System.out.println("skipped " + s.path() + " : " + s.reason());
    }
  }
}
