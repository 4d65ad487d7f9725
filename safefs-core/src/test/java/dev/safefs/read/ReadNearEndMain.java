package dev.safefs.read;

import java.nio.file.Path;

/** Run in a child JVM with a small heap: reads windows of a big file and prints what it got. */
public final class ReadNearEndMain {
  private ReadNearEndMain() {}

  public static void main(String[] args) throws Exception {
    Path p = Path.of(args[0]);
    long offset = Long.parseLong(args[1]);
    ReadResult w = TextReader.read(p, ReadOptions.window(offset, 10));
    System.out.println("window " + w.firstLine() + " " + w.lines() + " truncated=" + w.truncated());
    ReadResult t = TextReader.read(p, ReadOptions.tail(3));
    System.out.println("tail " + t.lines());
    ReadResult giant = TextReader.read(p, ReadOptions.window(Long.parseLong(args[2]), 1));
    String g = giant.lines().getFirst();
    System.out.println("giant " + g.length() + " " + g.substring(g.indexOf(TextReader.CUT_MARKER)));
    System.out.println("maxMemory " + Runtime.getRuntime().maxMemory());
  }
}
