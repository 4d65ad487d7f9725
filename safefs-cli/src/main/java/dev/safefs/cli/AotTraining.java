package dev.safefs.cli;

import java.nio.file.Path;

/**
 * The training runs behind the launcher's AOT caches (bin/safefs): one JVM runs the short commands, their error
 * paths and help, so that the classes they need come from the cache on every later start; with {@code serve}, a
 * short MCP session instead ({@link ServeTraining}), for serve's own cache. Not a user command. Usage:
 * {@code java -XX:AOTCacheOutput=F -cp safefs.jar dev.safefs.cli.AotTraining SCRATCH_DIR [serve]}.
 */
final class AotTraining {
  private AotTraining() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    if (args.length > 1 && args[1].equals("serve")) {
      try {
        ServeTraining.run(dir);
      } catch (Exception e) {
        e.printStackTrace(); // a bug to see in a manual run; the launcher keeps whatever was trained
      }
      System.exit(0);
    }
    String file = dir.resolve("file").toString();
    String missing = dir.resolve("missing").resolve("file").toString();
    String zeros = "0".repeat(64);
    String[][] runs = {
        {"write", file},                          // the first run is what a fresh start does: keep it first
        {"write", "--json", file},                // replace an existing file
        {"write", "--json", "--create-only", file},
        {"write", "--if-sha256", zeros, file},
        {"write", "--mode", "0640", "--no-fsync", dir.resolve("other").toString()},
        {"write", missing},
        {"write", "--mode", "9"},
        {"write"},
        {"recover", "--json", dir.toString()},
        // grep's command model, walker and searchers (the files above hold "training", from the launcher's stdin)
        {"grep", "-F", "-l", "training", dir.toString()},
        {"grep", "-F", "-l", "absent", dir.toString()},
        {"grep", "-F", "-c", "training", dir.toString()},
        {"grep", "-n", "train", dir.toString()},
        {"purge", dir.toString(), "--older-than", "0d", "--glob", "file*"}, // a dry run: lists "file", removes nothing
        {"--help"},
        {"help", "write"},
        {"--version"},
        {"unknown"},
    };
    for (String[] a : runs) {
      run(a);
    }
    // patch: an exact edit, its JSON, a tolerant dry run, a miss (did you mean), and the streamed path of big files
    String edit = dir.resolve("edit.txt").toString();
    try {
      java.nio.file.Files.writeString(Path.of(edit), "alpha\n  beta\ngamma\n");
    } catch (java.io.IOException e) {
      e.printStackTrace();
    }
    run(new String[] {"patch", edit, "--old", "alpha", "--new", "ALPHA"});
    run(new String[] {"patch", edit, "--old", "ALPHA", "--new", "alpha", "--json"});
    run(new String[] {"patch", edit, "--old", "beta ", "--new", "b", "--dry-run"});
    run(new String[] {"patch", edit, "--old", "gamme\ndelta", "--new", "x"});
    System.setProperty("safefs.edit.inMemoryLimit", "8");
    run(new String[] {"patch", edit, "--old", "gamma", "--new", "GAMMA"});
    System.clearProperty("safefs.edit.inMemoryLimit");
    // append (standard input is used up by then: the lock, the tail check and the empty batch), its repair and JSON
    String log = dir.resolve("log").toString();
    run(new String[] {"append", log});
    run(new String[] {"append", log, "--repair"});
    run(new String[] {"append", log, "--json", "--no-fsync", "--lock-timeout", "1s"});
    // read: a window, the head, the tail with numbers, JSON
    run(new String[] {"read", edit});
    run(new String[] {"read", edit, "--head", "2"});
    run(new String[] {"read", edit, "--tail", "2", "-n"});
    run(new String[] {"read", edit, "--offset", "2", "--limit", "1", "--json"});
    // find and tree
    run(new String[] {"find", dir.toString(), "--glob", "*.txt"});
    run(new String[] {"find", dir.toString(), "-t", "f", "--json"});
    run(new String[] {"tree", dir.toString()});
    run(new String[] {"ls", dir.toString(), "-s"});
    run(new String[] {"ls", dir.toString(), "--sort", "size", "--json"});
    run(new String[] {"secret", dir.resolve("secret").toString(), "--json"});
    run(new String[] {"rotate", log, "--keep", "3", "--json"});
    run(new String[] {"rotate", log, "--keep", "3", "--compress"});
    // A normal exit (Main halts instead, once a command is done): the JVM writes the cache on its way out.
    System.out.flush();
    System.exit(0);
  }

  private static void run(String[] args) {
    try {
      Main.run(args);
    } catch (RuntimeException e) {
      e.printStackTrace(); // a bug to see in a manual run; the launcher keeps whatever was trained
    }
  }
}
