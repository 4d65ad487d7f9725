package dev.safefs.tx;

import java.util.List;

/**
 * What a committed transaction did.
 *
 * @param id the transaction's id (also its journal id when it was recorded)
 * @param recorded whether it is in the journal (and so can be undone)
 * @param changes each path's before and after SHA-256 (a before of null on an unrecorded transaction means "not
 *     computed" unless the path did not exist)
 */
public record TxResult(String id, boolean recorded, List<PathChange> changes) {}
