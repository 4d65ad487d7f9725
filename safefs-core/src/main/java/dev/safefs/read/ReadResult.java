package dev.safefs.read;

import java.nio.file.Path;
import java.util.List;

/**
 * A window of a text file. {@code firstLine} is the 1-based number of {@code lines.get(0)} (-1 when unknown, only
 * for a tail of a large file); {@code totalLines} is -1 when counting them was not cheap; {@code truncated} says
 * lines follow the window, and {@code nextOffset} is where the next window starts (0 when none follows).
 * {@code cutLines} lines were longer than the limit and end with {@link TextReader#CUT_MARKER}.
 */
public record ReadResult(Path path, long size, TextEncoding encoding, long firstLine, List<String> lines,
    long totalLines, boolean truncated, long nextOffset, int cutLines) {

  public ReadResult {
    lines = List.copyOf(lines);
  }

  /** The number of the last line shown, or firstLine - 1 when none is. */
  public long lastLine() {
    return firstLine < 0 ? -1 : firstLine + lines.size() - 1;
  }

  /** The lines joined by newlines, each after a right-aligned {@code N|} gutter when {@code numbers}. */
  public String text(boolean numbers) {
    StringBuilder sb = new StringBuilder();
    int width = numbers && firstLine > 0 ? Long.toString(lastLine()).length() : 0;
    long n = firstLine;
    for (String line : lines) {
      if (numbers && firstLine > 0) {
        String num = Long.toString(n++);
        sb.repeat(' ', width - num.length()).append(num).append('|');
      }
      sb.append(line).append('\n');
    }
    return sb.toString();
  }

  /** A one-line hint for the caller when the window did not reach the end, else null. */
  public String hint() {
    if (!truncated) {
      return null;
    }
    String of = totalLines >= 0 ? " of " + totalLines : "";
    return "showing lines " + firstLine + "-" + lastLine() + of + "; next window: offset " + nextOffset;
  }
}
