package dev.safefs.cli;

import dev.safefs.mcp.Context;
import dev.safefs.mcp.SafeFsServer;
import dev.safefs.sandbox.DenyList;
import dev.safefs.sandbox.Sandbox;
import dev.safefs.sandbox.SandboxOptions;
import dev.safefs.tx.Journal;
import dev.safefs.write.Durability;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run behind the launcher's AOT cache (bin/safefs): one JVM that runs the short commands, their error
 * paths and help, so that the classes and method profiles they need come from the cache on every later start, and
 * a short MCP session of {@code safefs serve} over in-memory streams (the SDK, Jackson, Reactor and the tools load
 * and link thousands of classes on the first calls of a session). Not a user command. Usage: {@code java -XX:AOTCacheOutput=F -cp safefs.jar dev.safefs.cli.AotTraining SCRATCH_DIR}.
 */
final class AotTraining {
  private AotTraining() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
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
        {"--help"},
        {"help", "write"},
        {"--version"},
        {"unknown"},
    };
    for (String[] a : runs) {
      try {
        Main.run(a);
      } catch (RuntimeException e) {
        e.printStackTrace(); // a bug to see in a manual run; the launcher keeps whatever was trained
      }
    }
    try {
      trainServe(dir);
    } catch (Exception | AssertionError e) {
      e.printStackTrace();
    }
    // Like Main: System.exit logs the call through System.Logger, whose start-up classes belong in the cache too.
    System.out.flush();
    System.exit(0);
  }

  /** The calls of a typical session: writes, reads, edits, listings, file info, history, and some errors. */
  private static void trainServe(Path dir) throws Exception {
    Path root = Files.createDirectories(dir.resolve("serve"));
    String r = root.toString();
    StringBuilder in = new StringBuilder();
    in.append("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"training\",\"version\":\"1\"}}}\n");
    in.append("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n");
    in.append("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}\n");
    int id = 2;
    for (int i = 0; i < 20; i++) {
      String f = r + "/f" + (i % 3) + ".txt";
      String[] calls = {
          "\"write_file\",\"arguments\":{\"path\":\"" + f + "\",\"content\":\"line one " + i + "\\nline two " + i
              + "\\n\"}",
          "\"read_text_file\",\"arguments\":{\"path\":\"" + f + "\"}",
          "\"edit_file\",\"arguments\":{\"path\":\"" + f + "\",\"edits\":[{\"oldText\":\"line two " + i
              + "\",\"newText\":\"line 2 " + i + "\"}]}",
          "\"list_directory\",\"arguments\":{\"path\":\"" + r + "\"}",
          "\"get_file_info\",\"arguments\":{\"path\":\"" + f + "\"}",
          "\"read_text_file\",\"arguments\":{\"path\":\"" + r + "/missing\"}",
          "\"edit_file\",\"arguments\":{\"path\":\"" + f + "\",\"edits\":[{\"oldText\":\"absent\",\"newText\":\"x\"}]}",
          "\"file_history\",\"arguments\":{\"path\":\"" + f + "\"}",
      };
      for (String c : calls) {
        in.append("{\"jsonrpc\":\"2.0\",\"id\":").append(id++)
            .append(",\"method\":\"tools/call\",\"params\":{\"name\":").append(c).append("}}\n");
      }
    }
    try (Sandbox sandbox = Sandbox.open(List.of(root), new SandboxOptions(false, DenyList.defaults(), false))) {
      Journal journal = Journal.open(dir.resolve("state"));
      Context ctx = new Context(sandbox, journal, Durability.FILE_AND_DIRECTORY, Context.DEFAULT_MAX_TEXT_CHARS,
          Context.DEFAULT_MAX_ENTRIES);
      new SafeFsServer(ctx).serve(new ByteArrayInputStream(in.toString().getBytes(StandardCharsets.UTF_8)),
          OutputStream.nullOutputStream());
    }
  }
}
