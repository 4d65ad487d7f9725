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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code safefs secret PATH}: standard input becomes PATH at mode 0600, never wider at any instant. */
@Command(name = "secret",
    description = {"Write standard input to PATH with mode 0600 from its first byte, replacing any older file "
        + "atomically (an existing wider mode is not kept).",
        "Refuses (exit 4) a parent directory that is group- or world-writable, sticky or not, unless --force; "
        + "refuses (exit 2) a PATH that is a symlink."})
final class SecretCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "PATH", description = "The secret file to write.")
  Path path;

  @Option(names = "--force", description = "Write even into a group- or world-writable directory.")
  boolean force;

  @Mixin
  CommonOptions common;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    WriteResult r = SafeFs.secret(path, new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16),
        force);
    if (common.json) {
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
