package dev.safefs.cli;

import dev.safefs.write.SecretWriter;
import dev.safefs.write.WriteResult;
import java.io.BufferedInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code safefs secret PATH}: standard input written to PATH with mode 0600 from its first byte. */
@Command(name = "secret", description = {
    "Write standard input to PATH atomically with mode 0600 from its first byte (never created wider).",
    "Refuses a group- or world-writable directory unless --force."})
final class SecretCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "PATH", description = "The secret file.")
  Path path;

  @Option(names = "--force", description = "Write even into a group- or world-writable directory.")
  boolean force;

  @Mixin
  CommonOptions common;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    WriteResult r = SecretWriter.write(path, new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16),
        force);
    if (common.json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("path", r.path().toString());
      o.put("bytes", r.bytes());
      o.put("sha256", r.sha256());
      o.put("replaced", r.replaced());
      o.put("mode", "0600");
      spec.commandLine().getOut().println(Json.of(o));
    }
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
