package dev.safefs.os;

/** One directory entry as getdents64 gives it: a name and a type, without a stat. */
public record DirEntry(String name, FileType type, long inode) {}
