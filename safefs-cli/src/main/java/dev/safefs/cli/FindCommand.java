package dev.safefs.cli;

import dev.safefs.SafeFsException;
import dev.safefs.find.WalkEntry;
import dev.safefs.find.WalkOptions;
import dev.safefs.find.WalkSummary;
import dev.safefs.find.WalkVisitor;
import dev.safefs.find.Walker;
import dev.safefs.os.Dir;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code safefs find [ROOT]}: names under ROOT, like find/fd, without a stat per entry. Built with picocli's
 * programmatic API instead of annotations, for startup speed (see {@link Main}).
 */
final class FindCommand implements Callable<Integer> {

  private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);

  private final PositionalParamSpec rootSpec = PositionalParamSpec.builder()
      .index("0").arity("0..1").paramLabel("ROOT").type(String.class).description("Where to start.").build();
  private final OptionSpec typesSpec = CommonOptions.repeatable(OptionSpec.builder("-t", "--type")
      .paramLabel("f|d|l").description("Only files, directories or symlinks."));
  private final WalkFlags.Specs walk;
  private final CommonOptions.Specs common;

  private String root;

  private FindCommand() {
    spec.name("find");
    spec.usageMessage().description("List entries under ROOT (default: the current directory), skipping hidden "
        + "and ignored ones unless asked. Exit 1 when some entry could not be read.");
    spec.addPositional(rootSpec);
    spec.addOption(typesSpec);
    walk = WalkFlags.addTo(spec);
    common = CommonOptions.addTo(spec);
  }

  static CommandSpec spec() {
    return new FindCommand().spec;
  }

  @Override
  public Integer call() throws Exception {
    root = rootSpec.getValue();
    WalkOptions options = walk.options().withTypes(WalkFlags.types(CommonOptions.values(typesSpec)));
    PrintWriter err = spec.commandLine().getErr();
    byte[] prefix = WalkFlags.displayPrefix(root).getBytes(StandardCharsets.UTF_8);
    WalkSummary summary;
    try (LineOutput out = new LineOutput(spec.commandLine().getOut())) {
      LineOutput.Buffer jsonBuf = common.isJson() ? out.buffer() : null;
      if (jsonBuf != null) {
        jsonBuf.append("{\"root\":").append(Json.of(root == null ? "." : root)).append(",\"entries\":[");
      }
      boolean[] first = {true};
      WalkVisitor visitor = new WalkVisitor() {
        @Override
        public void entry(WalkEntry e, Dir parent) {
          if (jsonBuf != null) {
            synchronized (first) {
              if (!first[0]) {
                jsonBuf.append(',');
              }
              first[0] = false;
              jsonBuf.append("{\"path\":").append(Json.of(display(e.relative()))).append(",\"type\":\"")
                  .append(typeName(e)).append("\"}");
              jsonBuf.endRecord();
            }
            return;
          }
          LineOutput.Buffer b = out.buffer();
          if (e.relative().isEmpty()) {
            b.append(root).append('\n');
          } else {
            b.append(prefix).append(e.relative()).append('\n');
          }
          b.endRecord();
        }

        @Override
        public void error(SafeFsException error) {
          synchronized (err) {
            err.println("safefs: find: " + error.path() + ": " + error.reason());
            err.flush();
          }
        }
      };
      summary = Walker.walk(Path.of(root == null ? "." : root), options, visitor);
      if (jsonBuf != null) {
        jsonBuf.append("],\"errors\":").append(summary.errors()).append("}\n");
      }
    }
    return summary.errors() > 0 ? ExitCodes.IO_FAILURE : ExitCodes.OK;
  }

  private String display(String relative) {
    String p = WalkFlags.displayPrefix(root);
    return relative.isEmpty() ? (root == null ? "." : root) : p + relative;
  }

  static String typeName(WalkEntry e) {
    return switch (e.type()) {
      case FILE -> "file";
      case DIRECTORY -> "dir";
      case SYMLINK -> "symlink";
      case FIFO -> "fifo";
      case SOCKET -> "socket";
      case CHAR_DEVICE -> "char-device";
      case BLOCK_DEVICE -> "block-device";
      case UNKNOWN -> "unknown";
    };
  }
}
