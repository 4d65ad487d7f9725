package dev.safefs.cli;

import dev.safefs.SafeFsException;
import dev.safefs.find.WalkEntry;
import dev.safefs.find.WalkOptions;
import dev.safefs.find.WalkSummary;
import dev.safefs.find.WalkVisitor;
import dev.safefs.find.Walker;
import dev.safefs.os.Dir;
import dev.safefs.os.FileType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code safefs tree PATH}: the tree drawn like tree(1), in name order. Built with picocli's programmatic API instead
 * of annotations, for startup speed (see {@link Main}).
 */
final class TreeCommand implements Callable<Integer> {

  private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);

  private final PositionalParamSpec pathSpec = PositionalParamSpec.builder()
      .index("0").arity("0..1").paramLabel("PATH").type(String.class).description("The root (default: .).").build();
  private final WalkFlags.Specs walk;
  private final CommonOptions.Specs common;

  private TreeCommand() {
    spec.name("tree");
    spec.usageMessage().description("Draw the tree under PATH in name order, skipping hidden and ignored entries "
        + "unless asked.");
    spec.addPositional(pathSpec);
    walk = WalkFlags.addTo(spec);
    common = CommonOptions.addTo(spec);
  }

  static CommandSpec spec() {
    return new TreeCommand().spec;
  }

  private record Node(int depth, String name, FileType type) {}

  @Override
  public Integer call() throws Exception {
    WalkOptions options = walk.options().withSorted(true);
    List<Node> nodes = new ArrayList<>();
    PrintWriter err = spec.commandLine().getErr();
    String path = pathSpec.getValue();
    String root = path == null ? "." : path;
    WalkSummary summary = Walker.walk(Path.of(root), options, new WalkVisitor() {
      @Override
      public void entry(WalkEntry e, Dir parent) {
        nodes.add(new Node(e.depth(), e.name(), e.type()));
      }

      @Override
      public void error(SafeFsException error) {
        err.println("safefs: tree: " + error.path() + ": " + error.reason());
        err.flush();
      }
    });
    // A backward pass finds each entry's last sibling: a later entry at the same depth before any shallower one.
    boolean[] last = new boolean[nodes.size()];
    boolean[] seen = new boolean[64];
    for (int i = nodes.size() - 1; i >= 0; i--) {
      int d = nodes.get(i).depth();
      if (d + 1 >= seen.length) {
        seen = java.util.Arrays.copyOf(seen, d * 2 + 2);
      }
      last[i] = !seen[d];
      seen[d] = true;
      for (int k = d + 1; k < seen.length; k++) {
        seen[k] = false;
      }
    }
    long dirs = 0;
    long files = 0;
    try (LineOutput out = new LineOutput(spec.commandLine().getOut())) {
      LineOutput.Buffer b = out.buffer();
      b.append(root).append('\n');
      StringBuilder indent = new StringBuilder();
      List<Integer> marks = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        Node n = nodes.get(i);
        while (marks.size() > n.depth() - 1) {
          marks.removeLast();
          indent.setLength(indent.length() - 4);
        }
        b.append(indent.toString()).append(last[i] ? "└── " : "├── ").append(n.name());
        if (n.type() == FileType.DIRECTORY) {
          dirs++;
          b.append('/');
        } else {
          files++;
        }
        b.append('\n');
        b.endRecord();
        marks.add(i);
        indent.append(last[i] ? "    " : "│   ");
      }
      b.append('\n').append(dirs).append(dirs == 1 ? " directory, " : " directories, ").append(files)
          .append(files == 1 ? " file\n" : " files\n");
    }
    return summary.errors() > 0 ? ExitCodes.IO_FAILURE : ExitCodes.OK;
  }
}
