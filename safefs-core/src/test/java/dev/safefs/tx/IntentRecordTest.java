package dev.safefs.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntentRecordTest {
  @TempDir Path tmp;

  private static final String SHA = "ab".repeat(32);
  private static final List<Step> STEPS = List.of(
      new Step.Write(Path.of("/d i r/\tx"), "na\nme%25", ".t.safefs-tx", null, SHA, 12, -1),
      new Step.Delete(Path.of("/d"), "é ü", SHA, 42, 0640),
      new Step.Move(Path.of("/a"), "b", Path.of("/c"), "d\r", SHA, 7, null, 0755, -1),
      new Step.State(Path.of("/x/%"), SHA, null, 0600));

  @Test
  void roundTripsAnyNameIncludingTabsNewlinesAndPercent() {
    byte[] data = IntentRecord.whole("0abc-1-ffff", Instant.parse("2026-01-02T03:04:05Z"), "op\twith tab", "0x-1-0",
        STEPS);
    IntentRecord.Parsed p = IntentRecord.parse(data);
    assertThat(p.complete()).isTrue();
    assertThat(p.id()).isEqualTo("0abc-1-ffff");
    assertThat(p.op()).isEqualTo("op\twith tab");
    assertThat(p.undoes()).isEqualTo("0x-1-0");
    assertThat(p.steps()).isEqualTo(STEPS);
  }

  @Test
  void theEntryOfTheFieldsIsTheEntryTheirRecordParsesTo() {
    // a writer that made the record names its entry without parsing it back (entryOf): the same entry history reads
    Instant time = Instant.parse("2026-11-21T12:00:00.123456789Z");
    for (String op : new String[] {"write_file", null}) {
      for (String undoes : new String[] {null, "0x-1-0"}) {
        JournalEntry parsed = IntentRecord.parse(IntentRecord.whole("0abc-1-ffff", time, op, undoes, STEPS)).entry();
        assertThat(IntentRecord.entryOf("0abc-1-ffff", time, op, undoes, STEPS)).isEqualTo(parsed);
      }
    }
  }

  @Test
  void everyTruncationAndEveryFlippedByteIsIncompleteNeverAStep() {
    byte[] data = IntentRecord.whole("0abc-1-ffff", Instant.now(), null, null, STEPS);
    for (int len = 0; len < data.length; len++) {
      IntentRecord.Parsed p = IntentRecord.parse(Arrays.copyOf(data, len));
      assertThat(p.complete()).as("truncated to %d", len).isFalse();
      assertThat(p.steps()).isEmpty();
    }
    for (int i = 0; i < data.length; i++) {
      byte[] bad = data.clone();
      bad[i] ^= 0x04;
      IntentRecord.Parsed p = IntentRecord.parse(bad);
      assertThat(p.complete()).as("byte %d flipped", i).isFalse();
      assertThat(p.steps()).isEmpty();
    }
    byte[] longer = Arrays.copyOf(data, data.length + 1);
    longer[data.length] = '\n';
    assertThat(IntentRecord.parse(longer).complete()).isFalse();
  }

  @Test
  void anIncompleteRecordStillNamesItsTemps() {
    String text = IntentRecord.header("0abc-1-ffff", Instant.now(), null, null)
        + IntentRecord.tempLine(Path.of("/w"), ".a.0abc-1-ffff.safefs-tx") + "temp\t/w\t.b.0abc";
    IntentRecord.Parsed p = IntentRecord.parse(text.getBytes(StandardCharsets.UTF_8));
    assertThat(p.complete()).isFalse();
    assertThat(p.temps()).containsExactly(new IntentRecord.TempRef(Path.of("/w"), ".a.0abc-1-ffff.safefs-tx"));
  }

  @Test
  void transactionOnAwkwardNamesCommitsAndUndoes() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("w\tork"));
    Journal j = Journal.open(tmp.resolve("state"));
    Path odd = work.resolve("new\nline %41 tab\tend");
    Files.writeString(odd, "old");
    try (Transaction tx = j.transaction("odd")) {
      tx.write(odd, "new".getBytes(StandardCharsets.UTF_8));
      tx.commit();
    }
    assertThat(Files.readString(odd)).isEqualTo("new");
    assertThat(j.history(1, null).entries().getFirst().paths()).containsExactly(odd);
    j.undo(null, false);
    assertThat(Files.readString(odd)).isEqualTo("old");
  }
}
