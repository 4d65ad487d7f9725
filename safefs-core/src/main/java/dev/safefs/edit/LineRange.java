package dev.safefs.edit;

/**
 * Lines a change touched, 1-based and inclusive: {@code oldFirst..oldLast} in the text before the change,
 * {@code newFirst..newLast} after it. An empty side (pure insertion or deletion) has {@code last == first - 1}.
 */
public record LineRange(int oldFirst, int oldLast, int newFirst, int newLast) {
  @Override
  public String toString() {
    return span(oldFirst, oldLast) + " -> " + span(newFirst, newLast);
  }

  static String span(int first, int last) {
    return last < first ? "(none at " + first + ")" : first == last ? "line " + first : "lines " + first + "-" + last;
  }
}
