package dev.safefs.edit;

import java.util.List;

/**
 * How one edit or one patch hunk was applied.
 *
 * @param strategy how the expected text was found
 * @param ranges the lines each replaced occurrence touched (one unless replace-all)
 * @param alreadyApplied the new text was already where the old would be: nothing was changed
 */
public record Change(Strategy strategy, List<LineRange> ranges, boolean alreadyApplied) {
  public Change {
    ranges = List.copyOf(ranges);
  }
}
