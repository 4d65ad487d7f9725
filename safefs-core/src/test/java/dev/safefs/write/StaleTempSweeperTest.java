package dev.safefs.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safefs.SafeFs;
import dev.safefs.testing.ChildJvm;
import dev.safefs.testing.Modes;
import dev.safefs.testing.WriteChild;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleTempSweeperTest {
  @TempDir
  Path tmp;

  @Test
  void aLiveWritersTempIsKeptAndADeadWritersTempRemoved() throws Exception {
    Path target = Files.createDirectories(tmp.resolve("a/b")).resolve("f");
    Files.writeString(target, "original");
    Process p = new ProcessBuilder(ChildJvm.command(List.of(), WriteChild.class, "hold", target.toString()))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("holding");
      Path dir = target.getParent();
      assertThat(Modes.temps(dir)).hasSize(1);
      var report = SafeFs.recover(tmp);
      assertThat(report.removed()).isEmpty();
      assertThat(report.kept()).hasSize(1);
      assertThat(Modes.temps(dir)).hasSize(1);
      // a writer in this JVM is alive too
      try (AtomicWriter mine = AtomicWriter.open(tmp.resolve("mine"), WriteOptions.defaults())) {
        mine.write(1);
        assertThat(SafeFs.recover(tmp).kept()).hasSize(2);
        assertThat(Modes.temps(tmp)).hasSize(1);
      }
      p.toHandle().destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      report = SafeFs.recover(tmp);
      assertThat(report.removed()).hasSize(1);
      assertThat(report.removed().get(0).getParent()).isEqualTo(dir);
      assertThat(Modes.temps(dir)).isEmpty();
      assertThat(Files.readString(target)).isEqualTo("original");
    } finally {
      p.toHandle().destroyForcibly();
    }
  }

  @Test
  void aWriterSweepsItsDirectoryOnceAndLeavesOtherFilesAlone() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("d"));
    // a temp of a process that no longer exists (pid far above pid_max), and files that only look similar
    Files.writeString(dir.resolve(".f.999999999-0123456789abcdef.safefs-tmp"), "stale");
    Files.writeString(dir.resolve("visible.safefs-tmp"), "not hidden: not ours");
    Files.writeString(dir.resolve(".f.notapid-0123.safefs-tmp"), "no pid: not ours");
    Files.createSymbolicLink(dir.resolve(".g.999999999-00.safefs-tmp"), tmp.resolve("elsewhere"));
    AtomicWriter.writeString(dir.resolve("f"), "new", WriteOptions.defaults());
    assertThat(dir.resolve(".f.999999999-0123456789abcdef.safefs-tmp")).doesNotExist();
    assertThat(dir.resolve("visible.safefs-tmp")).hasContent("not hidden: not ours");
    assertThat(dir.resolve(".f.notapid-0123.safefs-tmp")).hasContent("no pid: not ours");
    assertThat(Files.isSymbolicLink(dir.resolve(".g.999999999-00.safefs-tmp"))).isTrue();
    assertThat(dir.resolve("f")).hasContent("new");
  }

  @Test
  void recoverOfAMissingDirectoryIsNotFound() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SafeFs.recover(tmp.resolve("missing")))
        .isInstanceOf(dev.safefs.NotFoundException.class);
  }
}
