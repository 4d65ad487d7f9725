package dev.safefs.cli;

import dev.safefs.append.AppendOptions;
import dev.safefs.append.LockedAppender;
import dev.safefs.append.RepairResult;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code safefs append PATH}: standard input appended under flock(2), one record per line. Lines that arrive together
 * go out in one write and one fsync; each is whole in the file whatever else appends to it. Built with picocli's
 * programmatic API instead of annotations, for startup speed (see {@link Main}): scripts run it once per event.
 */
final class AppendCommand implements Callable<Integer> {

  private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);

  private final PositionalParamSpec pathSpec = PositionalParamSpec.builder()
      .index("0").arity("1").required(true).paramLabel("PATH").type(Path.class)
      .description("The file to append to (created when missing).").build();
  private final OptionSpec lockTimeoutSpec = OptionSpec.builder("--lock-timeout").paramLabel("DURATION")
      .type(Duration.class).converters(new DurationConverter())
      .description("Give up (exit 5) when the lock is not free within this time, e.g. 5s, 500ms (default: wait).")
      .build();
  private final OptionSpec noFsyncSpec = CommonOptions.flag("--no-fsync",
      "Skip fsync: records are whole, but not durable across power loss.");
  private final OptionSpec wholeSpec = CommonOptions.flag("--whole",
      "Append all of standard input as one record instead of one per line.");
  private final OptionSpec repairSpec = OptionSpec.builder("--repair").type(boolean.class).description(
      "Do not read standard input: move a torn last record (the bytes after the last newline) aside into",
      "PATH.torn-<time> and cut PATH back to its last whole record, under the lock.").build();
  private final CommonOptions.Specs common;

  private AppendCommand() {
    spec.name("append");
    spec.usageMessage().description(
        "Append standard input to PATH under flock(2): one record per line, each whole, durable on return.",
        "Excludes and is excluded by flock(1), Python's fcntl.flock and other safefs appenders.");
    spec.addPositional(pathSpec);
    spec.addOption(lockTimeoutSpec);
    spec.addOption(noFsyncSpec);
    spec.addOption(wholeSpec);
    spec.addOption(repairSpec);
    common = CommonOptions.addTo(spec);
  }

  static CommandSpec spec() {
    return new AppendCommand().spec;
  }

  @Override
  public Integer call() throws Exception {
    Path path = pathSpec.getValue();
    boolean json = common.isJson();
    boolean repair = CommonOptions.isSet(repairSpec);
    boolean whole = CommonOptions.isSet(wholeSpec);
    AppendOptions options = AppendOptions.defaults().withFsync(!CommonOptions.isSet(noFsyncSpec))
        .withLockTimeout(lockTimeoutSpec.getValue());
    Map<String, Object> o = new LinkedHashMap<>();
    try (LockedAppender appender = LockedAppender.open(path, options)) {
      o.put("path", appender.path().toString());
      if (repair) {
        RepairResult r = appender.repair();
        o.put("repaired", r.repaired());
        o.put("tornBytes", r.tornBytes());
        o.put("sideFile", r.sideFile() == null ? null : r.sideFile().toString());
        o.put("keptBytes", r.keptBytes());
        if (!json) {
          spec.commandLine().getOut().println(r.repaired()
              ? "moved " + r.tornBytes() + " torn bytes to " + r.sideFile()
              : "the last record is whole: nothing to repair");
        }
      } else {
        long[] counts = whole ? appendWhole(appender) : appendLines(appender);
        o.put("records", counts[0]);
        o.put("bytes", counts[1]);
      }
    }
    if (json) {
      spec.commandLine().getOut().println(Json.of(o));
    }
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }

  private static long[] appendWhole(LockedAppender appender) throws Exception {
    byte[] all = new FileInputStream(FileDescriptor.in).readAllBytes();
    if (all.length == 0) {
      return new long[] {0, 0};
    }
    appender.append(all);
    return new long[] {1, all.length + (all[all.length - 1] == '\n' ? 0 : 1)};
  }

  /** Reads what is available, appends its whole lines as one batch, keeps the partial line for the next read. */
  private static long[] appendLines(LockedAppender appender) throws Exception {
    InputStream in = new FileInputStream(FileDescriptor.in);
    byte[] buf = new byte[64 * 1024];
    int have = 0;
    long records = 0;
    long bytes = 0;
    while (true) {
      if (have == buf.length) {
        buf = java.util.Arrays.copyOf(buf, buf.length * 2); // one line longer than the buffer
      }
      int n = in.read(buf, have, buf.length - have);
      if (n < 0) {
        break;
      }
      int scanFrom = have;
      have += n;
      int lastNl = -1;
      int lines = 0;
      for (int i = have - 1; i >= scanFrom; i--) {
        if (buf[i] == '\n') {
          lastNl = i;
          break;
        }
      }
      if (lastNl < 0) {
        continue;
      }
      for (int i = 0; i <= lastNl; i++) {
        if (buf[i] == '\n') {
          lines++;
        }
      }
      appender.append(buf, 0, lastNl + 1);
      records += lines;
      bytes += lastNl + 1;
      System.arraycopy(buf, lastNl + 1, buf, 0, have - lastNl - 1);
      have -= lastNl + 1;
    }
    if (have > 0) {
      appender.append(buf, 0, have);
      records++;
      bytes += have + 1;
    }
    return new long[] {records, bytes};
  }
}
