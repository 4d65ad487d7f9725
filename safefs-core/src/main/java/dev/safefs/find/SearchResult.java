package dev.safefs.find;

import java.util.List;

/**
 * A collected search: the files with results, the number of matching lines in them, whether the limit cut the
 * results short ({@code truncated}: ask again with a larger offset), and how many entries could not be read.
 */
public record SearchResult(List<FileMatches> files, long matches, boolean truncated, long errors) {
  public SearchResult {
    files = List.copyOf(files);
  }
}
