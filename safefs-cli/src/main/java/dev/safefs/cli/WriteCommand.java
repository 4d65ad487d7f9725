package dev.safefs.cli;

import dev.safefs.SafeFs;
import dev.safefs.tx.PathChange;
import dev.safefs.tx.Transaction;
import dev.safefs.tx.TxResult;
import dev.safefs.write.WriteOptions;
import dev.safefs.write.WriteResult;
import java.io.BufferedInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code safefs write PATH}: standard input replaces PATH atomically, so {@code sort f | safefs write f} is safe.
 * Built with picocli's programmatic API instead of annotations, for startup speed (see {@link Main}).
 */
final class WriteCommand implements Callable<Integer> {

  private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);

  private final PositionalParamSpec path = PositionalParamSpec.builder()
      .index("0").arity("1").required(true).paramLabel("PATH").type(Path.class)
      .description("The file to write.").build();

  private final OptionSpec mode = OptionSpec.builder("--mode")
      .paramLabel("OCTAL").type(Integer.class).converters(new OctalMode())
      .description("Mode of the written file (default: the existing file's, or 0666 & ~umask).").build();

  private final OptionSpec createOnly = CommonOptions.flag("--create-only", "Fail (exit 5) if PATH exists.");

  private final OptionSpec ifSha256 = CommonOptions.option("HEX", String.class,
      "Replace only if the current content has this SHA-256 (exit 5 otherwise).", "--if-sha256");

  private final ReplaceOptions replace;

  private final CommonOptions.Specs common;

  private WriteCommand() {
    spec.name("write");
    spec.usageMessage().description("Replace PATH atomically with standard input (like sponge, but durable).");
    spec.addPositional(path);
    spec.addOption(mode);
    spec.addOption(createOnly);
    spec.addOption(ifSha256);
    replace = ReplaceOptions.addTo(spec, "write");
    common = CommonOptions.addTo(spec);
  }

  static CommandSpec spec() {
    return new WriteCommand().spec;
  }

  @Override
  public Integer call() throws Exception {
    WriteOptions options;
    try {
      options = WriteOptions.defaults()
          .withDurability(replace.durability())
          .withCreateOnly(CommonOptions.isSet(createOnly))
          .withExpectedSha256(ifSha256.getValue())
          .withMode(mode.getValue());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    boolean recorded = replace.recorded(spec);
    InputStream in = new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16);
    WriteResult r;
    String id = null;
    if (recorded) {
      CountingInputStream counted = new CountingInputStream(in);
      TxResult t;
      try (Transaction tx = StateOption.journal(replace.state(), spec).transaction("write")) {
        tx.write(path.getValue(), counted, options);
        t = tx.commit();
      }
      PathChange c = t.changes().getFirst();
      r = new WriteResult(c.path(), counted.count, c.after(), c.before() != null);
      id = t.id();
    } else {
      r = SafeFs.write(path.getValue(), in, options);
    }
    if (common.isJson()) {
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
