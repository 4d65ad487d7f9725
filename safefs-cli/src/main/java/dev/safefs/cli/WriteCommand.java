package dev.safefs.cli;

import dev.safefs.SafeFs;
import dev.safefs.tx.PathChange;
import dev.safefs.tx.Transaction;
import dev.safefs.tx.TxResult;
import dev.safefs.write.Durability;
import dev.safefs.write.WriteOptions;
import dev.safefs.write.WriteResult;
import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.FileDescriptor;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code safefs write PATH}: standard input replaces PATH atomically, so {@code sort f | safefs write f} is safe. */
@Command(name = "write", description = "Replace PATH atomically with standard input (like sponge, but durable).")
final class WriteCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "PATH", description = "The file to write.")
  Path path;

  @Option(names = "--mode", paramLabel = "OCTAL", converter = OctalMode.class,
      description = "Mode of the written file (default: the existing file's, or 0666 & ~umask).")
  Integer mode;

  @Option(names = "--create-only", description = "Fail (exit 5) if PATH exists.")
  boolean createOnly;

  @Option(names = "--if-sha256", paramLabel = "HEX",
      description = "Replace only if the current content has this SHA-256 (exit 5 otherwise).")
  String ifSha256;

  @Option(names = "--no-fsync", description = "Skip fsync: atomic, but not durable across power loss.")
  boolean noFsync;

  @Option(names = "--record", description = "Record the write in the journal (undoable with `safefs undo`).")
  boolean record;

  @Mixin
  StateOption state;

  @Mixin
  CommonOptions common;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    WriteOptions options;
    try {
      options = WriteOptions.defaults()
          .withDurability(noFsync ? Durability.NONE : Durability.FILE_AND_DIRECTORY)
          .withCreateOnly(createOnly)
          .withExpectedSha256(ifSha256)
          .withMode(mode);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (record && noFsync) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--record and --no-fsync cannot be combined (a recorded write is always durable)");
    }
    InputStream in = new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16);
    WriteResult r;
    String id = null;
    if (record) {
      CountingInputStream counted = new CountingInputStream(in);
      TxResult t;
      try (Transaction tx = state.journal(spec).transaction("write")) {
        tx.write(path, counted, options);
        t = tx.commit();
      }
      PathChange c = t.changes().getFirst();
      r = new WriteResult(c.path(), counted.count, c.after(), c.before() != null);
      id = t.id();
    } else {
      r = SafeFs.write(path, in, options);
    }
    if (common.json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("path", r.path().toString());
      o.put("bytes", r.bytes());
      o.put("sha256", r.sha256());
      o.put("replaced", r.replaced());
      if (id != null) {
        o.put("id", id);
      }
      spec.commandLine().getOut().println(Json.of(o));
      spec.commandLine().getOut().flush();
    }
    return ExitCodes.OK;
  }

  /** Counts what the transaction reads, for the result's byte count. */
  private static final class CountingInputStream extends java.io.FilterInputStream {
    long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws java.io.IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws java.io.IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
