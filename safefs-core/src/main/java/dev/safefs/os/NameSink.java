package dev.safefs.os;

/**
 * Receives directory entries as raw name bytes, so that a walker can reject most entries without making a String.
 * {@code buf} is reused by the next call: copy what must be kept.
 */
@FunctionalInterface
public interface NameSink {
  void entry(byte[] buf, int off, int len, FileType type);
}
