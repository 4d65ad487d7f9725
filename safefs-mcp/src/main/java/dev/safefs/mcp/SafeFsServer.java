package dev.safefs.mcp;

import dev.safefs.SafeFsException;
import dev.safefs.mcp.tools.ApplyPatch;
import dev.safefs.mcp.tools.CreateDirectory;
import dev.safefs.mcp.tools.DeleteFile;
import dev.safefs.mcp.tools.EditFile;
import dev.safefs.mcp.tools.FileHistory;
import dev.safefs.mcp.tools.Undo;
import dev.safefs.mcp.tools.DirectoryTree;
import dev.safefs.mcp.tools.GetFileInfo;
import dev.safefs.mcp.tools.Grep;
import dev.safefs.mcp.tools.ListAllowedDirectories;
import dev.safefs.mcp.tools.ListDirectory;
import dev.safefs.mcp.tools.ListDirectoryWithSizes;
import dev.safefs.mcp.tools.MoveFile;
import dev.safefs.mcp.tools.ReadMediaFile;
import dev.safefs.mcp.tools.ReadMultipleFiles;
import dev.safefs.mcp.tools.ReadTextFile;
import dev.safefs.mcp.tools.SearchFiles;
import dev.safefs.mcp.tools.WriteFile;
import dev.safefs.sandbox.Sandbox;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code safefs serve}: an MCP server on the official Java SDK (its server, session and schema; the stdio transport
 * is {@link StdioTransport}, see there why), with the official filesystem
 * server's tools (same names, parameters and result text) over the safefs core and sandbox, and safefs's own.
 * Nothing but protocol goes to stdout: {@code System.out} is pointed at stderr before the server starts.
 */
public final class SafeFsServer {

  /** The longest message line accepted; a longer one is answered with an error and skipped. */
  public static final int MAX_MESSAGE_BYTES = 8 << 20;

  private final Context ctx;
  private final List<ToolHandler> tools;
  private final AtomicBoolean rootsFetched = new AtomicBoolean();

  public SafeFsServer(Context ctx) {
    this.ctx = ctx;
    this.tools = tools(ctx);
  }

  public Context context() {
    return ctx;
  }

  static List<ToolHandler> tools(Context ctx) {
    List<ToolHandler> t = new ArrayList<>();
    t.add(new ReadTextFile(ctx, "read_file"));
    t.add(new ReadTextFile(ctx, "read_text_file"));
    t.add(new ReadMediaFile(ctx));
    t.add(new ReadMultipleFiles(ctx));
    t.add(new WriteFile(ctx));
    t.add(new EditFile(ctx));
    t.add(new CreateDirectory(ctx));
    t.add(new ListDirectory(ctx));
    t.add(new ListDirectoryWithSizes(ctx));
    t.add(new DirectoryTree(ctx));
    t.add(new MoveFile(ctx));
    t.add(new SearchFiles(ctx));
    t.add(new GetFileInfo(ctx));
    t.add(new ListAllowedDirectories(ctx));
    t.add(new Grep(ctx));
    t.add(new ApplyPatch(ctx));
    t.add(new DeleteFile(ctx));
    t.add(new FileHistory(ctx));
    t.add(new Undo(ctx));
    return t;
  }

  public List<ToolHandler> tools() {
    return tools;
  }

  /** Serves on this process's stdin and stdout until stdin ends. */
  public void serveStdio() throws InterruptedException {
    OutputStream protocolOut = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    serve(new java.io.FileInputStream(FileDescriptor.in), protocolOut);
  }

  /** Serves on the given streams until {@code in} ends. */
  public void serve(InputStream in, OutputStream out) throws InterruptedException {
    McpJsonMapper mapper = new RequestMapper(McpJsonDefaults.getMapper());
    CountDownLatch done = new CountDownLatch(1);
    // Tool calls run on the reading thread (immediate execution): no thread hop or scheduler per call. The first
    // call, which may ask the client for its roots and wait for the answer, runs on a thread of its own.
    var transport = new StdioTransport(mapper, in, out, MAX_MESSAGE_BYTES, done::countDown,
        m -> !rootsFetched.get() && m instanceof McpSchema.JSONRPCRequest r
            && McpSchema.METHOD_TOOLS_CALL.equals(r.method()));
    List<McpServerFeatures.SyncToolSpecification> specs = new ArrayList<>();
    for (ToolHandler h : tools) {
      specs.add(McpServerFeatures.SyncToolSpecification.builder()
          .tool(h.definition())
          .callHandler((exchange, request) -> call(h, exchange, request))
          .build());
    }
    McpSyncServer server = McpServer.sync(transport)
        .serverInfo("safefs", version())
        .jsonMapper(mapper)
        .jsonSchemaValidator(new StructuredOutputCheck())
        .validateToolInputs(false)
        .immediateExecution(true)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .instructions("safefs: crash-safe file tools. Every write is atomic and durable; paths are confined to the "
            + "allowed directories (list_allowed_directories).")
        .tools(specs)
        .rootsChangeHandler((exchange, roots) -> applyRoots(roots))
        .build();
    if (STATS) {
      Runtime.getRuntime().addShutdownHook(new Thread(this::printStats));
    }
    done.await();
    server.closeGracefully();
  }

  private static final boolean STATS = System.getenv("SAFEFS_SERVE_STATS") != null;
  private final java.util.concurrent.ConcurrentHashMap<String, long[]> stats = new java.util.concurrent.ConcurrentHashMap<>();

  private CallToolResult call(ToolHandler h, McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
    if (!STATS) {
      return callTool(h, exchange, request);
    }
    long t0 = System.nanoTime();
    try {
      return callTool(h, exchange, request);
    } finally {
      long[] s = stats.computeIfAbsent(request.name(), k -> new long[2]);
      synchronized (s) {
        s[0]++;
        s[1] += System.nanoTime() - t0;
      }
    }
  }

  private void printStats() {
    if (STATS) {
      stats.forEach((k, v) -> System.err.printf("safefs serve stats: %s %d calls, mean %d us%n", k, v[0],
          v[0] == 0 ? 0 : v[1] / v[0] / 1000));
    }
  }

  private CallToolResult callTool(ToolHandler h, McpSyncServerExchange exchange,
      McpSchema.CallToolRequest request) {
    fetchRootsOnce(exchange);
    try {
      return h.call(new Args(request.name(), request.arguments()));
    } catch (SafeFsException e) {
      return Results.error(e.getMessage());
    } catch (IOException e) {
      return Results.error(request.name() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
    }
  }

  /** The official server asks the client for its roots once initialized; here, before the first tool call. */
  private void fetchRootsOnce(McpSyncServerExchange exchange) {
    if (rootsFetched.get() || !rootsFetched.compareAndSet(false, true)) {
      return;
    }
    McpSchema.ClientCapabilities caps = exchange.getClientCapabilities();
    if (caps == null || caps.roots() == null) {
      return;
    }
    try {
      applyRoots(exchange.listRoots().roots());
    } catch (RuntimeException e) {
      System.err.println("safefs serve: cannot list the client's roots: " + e.getMessage());
    }
  }

  /** A non-empty list of valid client roots replaces the command-line roots, as in the official server. */
  void applyRoots(List<McpSchema.Root> roots) {
    List<Path> valid = new ArrayList<>();
    for (McpSchema.Root r : roots == null ? List.<McpSchema.Root>of() : roots) {
      try {
        Path p = r.uri().startsWith("file:") ? Path.of(URI.create(r.uri())) : Path.of(r.uri());
        if (java.nio.file.Files.isDirectory(p)) {
          valid.add(p.toRealPath());
        } else {
          System.err.println("safefs serve: skipping root that is not a directory: " + r.uri());
        }
      } catch (IOException | RuntimeException e) {
        System.err.println("safefs serve: skipping invalid root " + r.uri() + ": " + e.getMessage());
      }
    }
    if (valid.isEmpty()) {
      System.err.println("safefs serve: no valid root directories from the client; keeping the current ones");
      return;
    }
    try {
      ctx.sandbox().replaceRoots(valid);
      System.err.println("safefs serve: allowed directories from MCP roots: " + valid);
    } catch (IOException e) {
      System.err.println("safefs serve: cannot use the client's roots: " + e.getMessage());
    }
  }

  static String version() {
    String v = SafeFsServer.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0" : v;
  }

  /** Used by tests that run the server in-process. */
  public static SafeFsServer of(Sandbox sandbox, dev.safefs.tx.Journal journal) {
    return new SafeFsServer(new Context(sandbox, journal, dev.safefs.write.Durability.FILE_AND_DIRECTORY,
        Context.DEFAULT_MAX_TEXT_CHARS, Context.DEFAULT_MAX_ENTRIES));
  }
}
