package dev.safefs.cli;

import dev.safefs.tx.PathChange;
import dev.safefs.tx.TxResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders the path changes of transactions and journal entries for JSON output. */
final class Changes {
  private Changes() {}

  static List<Map<String, Object>> of(List<PathChange> changes) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (PathChange c : changes) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", c.path().toString());
      m.put("before_sha256", c.before());
      m.put("after_sha256", c.after());
      out.add(m);
    }
    return out;
  }

  static Map<String, Object> of(TxResult r) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("id", r.id());
    o.put("recorded", r.recorded());
    o.put("paths", r.changes().stream().map(c -> c.path().toString()).distinct().toList());
    o.put("changes", of(r.changes()));
    return o;
  }
}
