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
 * The training run of serve's AOT cache (bin/safefs keeps one for serve, made with the MCP libraries' jar on the
 * class path, and one for the other commands, made without it): a short MCP session over in-memory streams, since
 * the SDK, Jackson, Reactor and the tools load and link thousands of classes on the first calls of a session.
 * Usage: {@code java -XX:AOTCacheOutput=F -cp safefs.jar:safefs-deps.jar dev.safefs.cli.AotTraining DIR serve}.
 */
final class ServeTraining {
  private ServeTraining() {}

  /** The calls of a typical session: writes, reads, edits, listings, file info, history, and some errors. */
  static void run(Path dir) throws Exception {
    // A start goes through the launcher's command line first: picocli, its model of every command, serve's options.
    Main.run(new String[] {"serve", "--help"});
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
