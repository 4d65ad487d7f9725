package dev.safefs.mcp;

import dev.safefs.os.Os;
import dev.safefs.sandbox.Sandbox;
import dev.safefs.write.Durability;
import dev.safefs.write.WriteOptions;

/**
 * What every tool works with: the sandbox its paths resolve in, the OS layer, and the limits that keep one call
 * from flooding the client.
 *
 * @param maxTextChars the most characters of file text one read returns (more: truncated, with a paging hint)
 * @param maxEntries the most entries one listing, tree or search returns
 */
public record Context(Sandbox sandbox, Durability durability, int maxTextChars, int maxEntries) {

  public static final int DEFAULT_MAX_TEXT_CHARS = 1 << 20;
  public static final int DEFAULT_MAX_ENTRIES = 10_000;

  public Os os() {
    return sandbox.os();
  }

  public WriteOptions writeOptions() {
    return WriteOptions.defaults().withDurability(durability);
  }
}
