package dev.safefs.find;

import dev.safefs.SafeFsException;

/** Receives a search's results file by file. Called from several threads unless the search is ordered. */
public interface SearchSink {
  /** One file's results; return false to stop the search. */
  boolean file(FileMatches matches);

  void error(SafeFsException error);
}
