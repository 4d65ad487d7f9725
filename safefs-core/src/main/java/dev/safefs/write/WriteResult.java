package dev.safefs.write;

import java.nio.file.Path;

/**
 * What a committed atomic write published.
 *
 * @param path the file written (the final target when the given path was a symlink)
 * @param bytes the size of the new content
 * @param sha256 lower-case hex SHA-256 of the new content
 * @param replaced whether an existing file was replaced
 */
public record WriteResult(Path path, long bytes, String sha256, boolean replaced) {}
