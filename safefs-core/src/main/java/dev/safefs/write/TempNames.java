package dev.safefs.write;

import dev.safefs.os.Dir;
import dev.safefs.os.FileHandle;
import dev.safefs.os.Os;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Names of safefs temps: {@code .<target>.<pid>-<random>.safefs-tmp}, hidden, in the target's own directory. The pid
 * lets a sweeper tell whose temp it is; the temps this JVM has open are registered so that its own sweeps never take
 * one that is still being written.
 */
public final class TempNames {
  public static final String SUFFIX = ".safefs-tmp";
  private static final int NAME_MAX = 255;
  private static final long PID = ProcessHandle.current().pid();
  private static final Set<String> LIVE = ConcurrentHashMap.newKeySet();

  private TempNames() {}

  /** A fresh temp name for {@code target}, within NAME_MAX bytes however long the target's name. */
  public static String forTarget(String target) {
    String tail = "." + PID + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + SUFFIX;
    String head = "." + target;
    while (head.getBytes(StandardCharsets.UTF_8).length + tail.length() > NAME_MAX) {
      head = head.substring(0, head.offsetByCodePoints(head.length(), -1));
    }
    return head + tail;
  }

  /**
   * A temp created by {@link #create}: its name in the directory, the key it is registered under (see
   * {@link #unregister}) and its open handle.
   */
  public record Created(String name, String key, FileHandle handle) {}

  /**
   * Creates a temp for {@code target} in {@code dir}, exclusively and with mode 0600, under a fresh name (drawn again
   * when another temp has it), registered as live before it exists: a sweep by another thread of this process (same
   * pid in the name) between the creation and the caller's lock would otherwise take it for a stale temp and remove
   * it. The caller unregisters it when done with it.
   */
  public static Created create(Os os, Dir dir, String target) throws IOException {
    while (true) {
      String name = forTarget(target);
      String key = dir.path().resolve(name).toString();
      register(key);
      try {
        return new Created(name, key, os.createExclusive(dir, name, 0600));
      } catch (FileAlreadyExistsException e) {
        unregister(key); // another temp drew the same random name: draw again
      } catch (IOException | RuntimeException e) {
        unregister(key);
        throw e;
      }
    }
  }

  private static final byte[] SUFFIX_BYTES = SUFFIX.getBytes(StandardCharsets.US_ASCII);

  /** Whether a name given as UTF-8 bytes starts with a dot and ends with the suffix (then see {@link #isTemp}). */
  static boolean mayBeTemp(byte[] b, int off, int len) {
    int n = SUFFIX_BYTES.length;
    return len > n && b[off] == '.' && java.util.Arrays.equals(b, off + len - n, off + len, SUFFIX_BYTES, 0, n);
  }

  public static boolean isTemp(String name) {
    return name.startsWith(".") && name.endsWith(SUFFIX) && ownerPid(name) > 0;
  }

  /** The pid embedded in a temp's name, or -1. */
  public static long ownerPid(String name) {
    int end = name.length() - SUFFIX.length();
    int dash = name.lastIndexOf('-', end);
    int dot = dash < 0 ? -1 : name.lastIndexOf('.', dash);
    if (dot < 0) {
      return -1;
    }
    try {
      return Long.parseLong(name, dot + 1, dash, 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static long currentPid() {
    return PID;
  }

  public static void register(String dirAndName) {
    LIVE.add(dirAndName);
  }

  public static void unregister(String dirAndName) {
    LIVE.remove(dirAndName);
  }

  static boolean isLiveHere(String dirAndName) {
    return LIVE.contains(dirAndName);
  }
}
