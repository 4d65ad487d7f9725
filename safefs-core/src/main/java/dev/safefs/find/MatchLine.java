package dev.safefs.find;

/** A line of a search result: its 1-based number, its text (no newline), and whether it matched or is context. */
public record MatchLine(long number, String text, boolean match) {}
