package dev.safefs.edit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child JVM for {@link PatchCrashTest}: applies multi-file patches in a loop, each one moving every file of the
 * tree from generation g to g+1 (four updates, one delete, one add), alternating V4A and unified diffs, and prints
 * {@code committed <g+1>} after each. The parent kills it with SIGKILL at random moments.
 */
public final class PatchCrashChild {
  static final int FILES = 4;

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    Path state = Path.of(args[1]);
    System.out.println("ready");
    System.out.flush();
    for (int i = 0; ; i++) {
      long g = generation(root, 0);
      PatchEngine.apply(i % 2 == 0 ? v4a(g) : unified(g), root, EditOptions.defaults(), state);
      System.out.println("committed " + (g + 1));
      System.out.flush();
    }
  }

  static long generation(Path root, int file) throws IOException {
    String text = Files.readString(root.resolve("f" + file + ".txt"), StandardCharsets.UTF_8);
    int at = text.indexOf("generation ") + "generation ".length();
    return Long.parseLong(text.substring(at, text.indexOf('\n', at)));
  }

  static String content(int file, long g) {
    StringBuilder sb = new StringBuilder("file " + file + "\ngeneration " + g + "\n");
    for (int i = 0; i < 300; i++) {
      sb.append("filler line ").append(i).append(" of file ").append(file).append('\n');
    }
    return sb.toString();
  }

  private static String v4a(long g) {
    StringBuilder sb = new StringBuilder("*** Begin Patch\n");
    for (int f = 0; f < FILES; f++) {
      sb.append("*** Update File: f").append(f).append(".txt\n@@\n file ").append(f).append("\n-generation ")
          .append(g).append("\n+generation ").append(g + 1).append("\n filler line 0 of file ").append(f)
          .append('\n');
    }
    sb.append("*** Delete File: marker-").append(g).append("\n*** Add File: marker-").append(g + 1).append("\n+")
        .append(g + 1).append("\n*** End Patch\n");
    return sb.toString();
  }

  private static String unified(long g) {
    StringBuilder sb = new StringBuilder();
    for (int f = 0; f < FILES; f++) {
      sb.append("diff --git a/f").append(f).append(".txt b/f").append(f).append(".txt\n--- a/f").append(f)
          .append(".txt\n+++ b/f").append(f).append(".txt\n@@ -1,3 +1,3 @@\n file ").append(f)
          .append("\n-generation ").append(g).append("\n+generation ").append(g + 1)
          .append("\n filler line 0 of file ").append(f).append('\n');
    }
    sb.append("diff --git a/marker-").append(g).append(" b/marker-").append(g).append("\ndeleted file mode 100644\n")
        .append("--- a/marker-").append(g).append("\n+++ /dev/null\n@@ -1 +0,0 @@\n-").append(g).append('\n');
    sb.append("diff --git a/marker-").append(g + 1).append(" b/marker-").append(g + 1)
        .append("\nnew file mode 100644\n--- /dev/null\n+++ b/marker-").append(g + 1).append("\n@@ -0,0 +1 @@\n+")
        .append(g + 1).append('\n');
    return sb.toString();
  }
}
