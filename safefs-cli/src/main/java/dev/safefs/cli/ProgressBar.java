package dev.safefs.cli;

import dev.safefs.purge.PurgeProgress;
import java.io.Console;
import java.io.PrintWriter;

/**
 * A one-line progress display on stderr, redrawn every 200 ms, only when the session is interactive. On JDK 22+
 * {@code System.console()} is not null even when redirected, so {@link Console#isTerminal()} decides.
 */
final class ProgressBar {
  private final PrintWriter err;
  private final PurgeProgress progress;
  private final Thread thread;
  private volatile boolean stop;
  private int width;

  private ProgressBar(PrintWriter err, PurgeProgress progress) {
    this.err = err;
    this.progress = progress;
    this.thread = Thread.ofPlatform().daemon().name("safefs-progress").unstarted(this::loop);
  }

  static ProgressBar startIfTerminal(PrintWriter err, PurgeProgress progress) {
    Console c = System.console();
    if (c == null || !c.isTerminal() || System.getenv("SAFEFS_NO_PROGRESS") != null) {
      return null;
    }
    ProgressBar b = new ProgressBar(err, progress);
    b.thread.start();
    return b;
  }

  private void loop() {
    try {
      Thread.sleep(500); // short runs show nothing
      while (!stop) {
        String line = progress.applying()
            ? String.format("purge: removed %,d of %,d files (%,d bytes)", progress.removed(), progress.selected(),
                progress.removedBytes())
            : String.format("purge: scanned %,d files", progress.scanned());
        draw(line);
        Thread.sleep(200);
      }
    } catch (InterruptedException e) {
      // stopping
    }
  }

  private synchronized void draw(String line) {
    if (stop) {
      return;
    }
    err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
    err.flush();
    width = line.length();
  }

  synchronized void stop() throws InterruptedException {
    stop = true;
    thread.interrupt();
    if (width > 0) {
      err.print("\r" + " ".repeat(width) + "\r");
      err.flush();
    }
  }
}
