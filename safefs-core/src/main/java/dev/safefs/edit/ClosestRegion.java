package dev.safefs.edit;

import dev.safefs.NoMatchException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The block of file lines most similar to text that was not found: first and last lines anchor, the middle is
 * compared line by line. Only ever shown as "did you mean", never applied.
 */
final class ClosestRegion {
  private ClosestRegion() {}

  private static final double MIN_SIMILARITY = 0.5;
  private static final int CANDIDATES = 40;
  private static final int MAX_LINE = 400;

  static NoMatchException.Closest find(Lines file, List<String> wanted) {
    int n = file.count();
    int m = wanted.size();
    if (n == 0 || m == 0) {
      return null;
    }
    int w = Math.min(m, n);
    String first = norm(wanted.get(0));
    String last = norm(wanted.get(m - 1));
    Map<String, Double> cache = new HashMap<>();
    // anchors: cheap bigram similarity of every window's first and last line
    int windows = n - w + 1;
    double[] anchor = new double[windows];
    String[] normLines = new String[n];
    for (int i = 0; i < n; i++) {
      normLines[i] = norm(file.content(i));
    }
    for (int i = 0; i < windows; i++) {
      anchor[i] = dice(normLines[i], first) + dice(normLines[i + w - 1], last);
    }
    List<Integer> best = top(anchor, CANDIDATES);
    int bestStart = -1;
    double bestScore = -1;
    for (int i : best) {
      double sum = 0;
      for (int k = 0; k < w; k++) {
        String key = normLines[i + k] + "\u0000" + k;
        final int kk = k;
        final int ii = i;
        sum += cache.computeIfAbsent(key, x -> m == 1 ? partialSimilarity(normLines[ii], norm(wanted.getFirst()))
            : similarity(normLines[ii + kk], norm(wanted.get(kk))));
      }
      double score = sum / m;
      if (score > bestScore) {
        bestScore = score;
        bestStart = i;
      }
    }
    if (bestStart < 0 || bestScore < MIN_SIMILARITY) {
      return null;
    }
    List<String> region = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (int k = 0; k < w; k++) {
      region.add(file.content(bestStart + k));
      text.append(file.content(bestStart + k)).append('\n');
    }
    String diff = Diffs.of("expected (old text)", "file, lines " + (bestStart + 1) + "-" + (bestStart + w),
        wanted, region, 0, bestStart);
    return new NoMatchException.Closest(bestStart + 1, bestStart + w, Math.round(bestScore * 100) / 100.0,
        text.toString(), diff);
  }

  private static String norm(String s) {
    String t = s.strip();
    return t.length() > MAX_LINE ? t.substring(0, MAX_LINE) : t;
  }

  private static List<Integer> top(double[] score, int k) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < score.length; i++) {
      idx.add(i);
    }
    idx.sort((a, b) -> Double.compare(score[b], score[a]));
    return idx.subList(0, Math.min(k, idx.size()));
  }

  /** Sørensen–Dice over character bigrams: linear, good enough to pick anchor candidates. */
  static double dice(String a, String b) {
    if (a.equals(b)) {
      return 1;
    }
    if (a.length() < 2 || b.length() < 2) {
      return 0;
    }
    Map<Integer, Integer> grams = new HashMap<>();
    for (int i = 0; i + 1 < a.length(); i++) {
      grams.merge(a.charAt(i) << 16 | a.charAt(i + 1), 1, Integer::sum);
    }
    int common = 0;
    for (int i = 0; i + 1 < b.length(); i++) {
      int g = b.charAt(i) << 16 | b.charAt(i + 1);
      Integer c = grams.get(g);
      if (c != null && c > 0) {
        grams.put(g, c - 1);
        common++;
      }
    }
    return 2.0 * common / (a.length() - 1 + b.length() - 1);
  }

  /** For one line of text: the best similarity of any same-length window of the (longer) file line. */
  static double partialSimilarity(String line, String wanted) {
    double best = similarity(line, wanted);
    int w = wanted.length();
    if (w == 0 || line.length() <= w || line.length() > 2000) {
      return best;
    }
    for (int i = 0; i + w <= line.length(); i++) {
      best = Math.max(best, similarity(line.substring(i, i + w), wanted));
    }
    return best;
  }

  /** 1 - Levenshtein distance / longer length. */
  static double similarity(String a, String b) {
    if (a.equals(b)) {
      return 1;
    }
    int la = a.length();
    int lb = b.length();
    if (la == 0 || lb == 0) {
      return 0;
    }
    int[] prev = new int[lb + 1];
    int[] cur = new int[lb + 1];
    for (int j = 0; j <= lb; j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= la; i++) {
      cur[0] = i;
      char ca = a.charAt(i - 1);
      for (int j = 1; j <= lb; j++) {
        int cost = ca == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return 1.0 - (double) prev[lb] / Math.max(la, lb);
  }
}
