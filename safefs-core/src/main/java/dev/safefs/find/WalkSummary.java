package dev.safefs.find;

/** How a walk went: entries reported, directories read, errors met (each was reported to the visitor). */
public record WalkSummary(long entries, long directories, long errors) {}
