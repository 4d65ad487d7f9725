package dev.safefs.cli;

import dev.safefs.SafeFs;
import dev.safefs.write.WriteResult;
import java.io.BufferedInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code safefs secret PATH}: standard input becomes PATH at mode 0600, never wider at any instant. Built with
 * picocli's programmatic API instead of annotations, for startup speed (see {@link Main}).
 */
final class SecretCommand implements Callable<Integer> {

  private final CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.wrapWithoutInspection(this);

  private final PositionalParamSpec pathSpec = PositionalParamSpec.builder()
      .index("0").arity("1").required(true).paramLabel("PATH").type(Path.class)
      .description("The secret file to write.").build();
  private final OptionSpec forceSpec = CommonOptions.flag("--force",
      "Write even into a group- or world-writable directory.");
  private final CommonOptions.Specs common;

  private SecretCommand() {
    spec.name("secret");
    spec.usageMessage().description("Write standard input to PATH with mode 0600 from its first byte, replacing "
        + "any older file atomically (an existing wider mode is not kept).",
        "Refuses (exit 4) a parent directory that is group- or world-writable, sticky or not, unless --force; "
        + "refuses (exit 2) a PATH that is a symlink.");
    spec.addPositional(pathSpec);
    spec.addOption(forceSpec);
    common = CommonOptions.addTo(spec);
  }

  static CommandLine.Model.CommandSpec spec() {
    return new SecretCommand().spec;
  }

  @Override
  public Integer call() throws Exception {
    Path path = pathSpec.getValue();
    boolean force = CommonOptions.isSet(forceSpec);
    WriteResult r = SafeFs.secret(path, new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16),
        force);
    if (common.isJson()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("path", r.path().toString());
      o.put("bytes", r.bytes());
      o.put("sha256", r.sha256());
      o.put("mode", "0600");
      o.put("replaced", r.replaced());
      spec.commandLine().getOut().println(Json.of(o));
      spec.commandLine().getOut().flush();
    }
    return ExitCodes.OK;
  }
}
