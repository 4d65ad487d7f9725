package dev.safefs.purge;

import java.nio.file.Path;
import java.util.List;

/**
 * What a rotation did.
 *
 * @param path the rotated file, now empty
 * @param generations the generations after the rotation, newest first ({@code FILE.1}, {@code FILE.2.gz} ...)
 * @param removed generations removed because they were beyond {@code keep}
 * @param recovered what was completed of an earlier rotation that was interrupted, empty when nothing was
 */
public record RotateResult(Path path, List<Path> generations, List<Path> removed, List<String> recovered) {}
