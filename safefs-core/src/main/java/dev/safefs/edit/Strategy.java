package dev.safefs.edit;

import java.util.Locale;

/**
 * How the expected text was found, from the strictest to the most tolerant. Every strategy compares whole text
 * (exact) or whole lines; none of them guesses: the first strategy that finds the text decides, and more than one
 * match is a conflict. Similarity is never a strategy (it only feeds the "did you mean" of a failed edit).
 */
public enum Strategy {
  /** Byte for byte (line endings converted to the file's own). */
  EXACT,
  /** Whole lines, ignoring trailing whitespace. */
  LINE_TRIMMED,
  /** Whole lines with the same indentation, runs of inner whitespace counted as one space. */
  WHITESPACE_COLLAPSED,
  /** Whole lines whatever their indentation (tabs or spaces); the replacement is re-indented to the file's. */
  INDENTATION_FLEXIBLE,
  /** As indentation-flexible, with smart quotes, dashes and non-breaking spaces read as their ASCII forms. */
  UNICODE_NORMALIZED,
  /** The text was written with literal escapes ({@code \n}, {@code \t}, {@code \"}): matched once unescaped. */
  ESCAPE_NORMALIZED;

  /** The name faces show: {@code line-trimmed}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
