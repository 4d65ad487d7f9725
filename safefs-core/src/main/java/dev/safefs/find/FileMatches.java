package dev.safefs.find;

import java.util.List;

/**
 * The results in one file: its path relative to the root ("" when the root is the file), the number of matching
 * lines ({@code count}, at least 1 in the files mode) and, in the lines mode, the lines in file order.
 */
public record FileMatches(String relative, long count, List<MatchLine> lines) {
  public FileMatches {
    lines = List.copyOf(lines);
  }
}
