package dev.safefs.find;

import dev.safefs.os.FileStat;
import dev.safefs.os.FileType;

/**
 * One entry found by a walk: its path relative to the root ("" for a root that is not a directory), its name, its
 * type (the link's target's type when links are followed), its depth (1 for the root's entries) and, only when the
 * walk was asked to stat, its stat.
 */
public record WalkEntry(String relative, String name, FileType type, int depth, FileStat stat) {}
