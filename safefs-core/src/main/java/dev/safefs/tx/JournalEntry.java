package dev.safefs.tx;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One recorded operation.
 *
 * @param id sortable id: a later operation has a greater id
 * @param time when it was committed
 * @param op what it was ("write", "apply", "undo", a tool name ...)
 * @param undoes the id this operation undid, or null
 * @param changes each path it touched with its SHA-256 before and after (null: absent)
 */
public record JournalEntry(String id, Instant time, String op, String undoes, List<PathChange> changes) {

  public List<Path> paths() {
    return changes.stream().map(PathChange::path).distinct().toList();
  }
}
