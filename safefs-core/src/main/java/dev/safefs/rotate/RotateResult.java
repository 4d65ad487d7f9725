package dev.safefs.rotate;

import java.nio.file.Path;
import java.util.List;

/**
 * What a rotation (or a recovery) did.
 *
 * @param path the rotated file
 * @param rotated whether the file was moved to generation 1 and a fresh empty file published (false for a recovery)
 * @param generations the generations left, youngest first
 * @param removed generations removed because they were beyond {@code --keep}
 * @param compressed generations compressed by this run
 * @param recovered what this run found left by an interrupted rotation and finished, in words (empty normally)
 */
public record RotateResult(Path path, boolean rotated, List<Path> generations, List<Path> removed,
    List<Path> compressed, List<String> recovered) {}
