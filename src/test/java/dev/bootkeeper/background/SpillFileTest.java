package dev.bootkeeper.background;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.CapturedLog;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overflow file of a batch writer: items come back in the order they went in, across the memory
 * buffer, the file and the read chunks; the file starts over once read; a full file refuses and
 * keeps what it has.
 */
class SpillFileTest {

  /** A string as UTF-8 after its length (the codec's contract: read sees what write wrote). */
  static final SpillFile.Codec<String> STRINGS =
      new SpillFile.Codec<>() {
        @Override
        public void write(String item, DataOutput out) throws IOException {
          byte[] bytes = item.getBytes(java.nio.charset.StandardCharsets.UTF_8);
          out.writeInt(bytes.length);
          out.write(bytes);
        }

        @Override
        public String read(DataInput in) throws IOException {
          byte[] bytes = new byte[in.readInt()];
          in.readFully(bytes);
          return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
      };

  @TempDir Path dir;

  @Test
  void itemsComeBackInOrderAcrossBufferFileAndChunks() throws IOException {
    Path path = dir.resolve("sub/spill");
    SpillFile<String> spill = new SpillFile<>(path, 64L << 20, STRINGS);
    assertFalse(spill.holding());
    // Varying sizes (1 to 400 bytes), about 10 MB: many flushes and read chunks, records cut by
    // a chunk's end.
    List<String> items =
        IntStream.range(0, 50_000).mapToObj(i -> i + ":" + "x".repeat(i % 400)).toList();
    int half = items.size() / 2;
    items.subList(0, half).forEach(i -> assertTrue(spill.append(i)));
    assertTrue(spill.holding());
    assertTrue(Files.size(path) > 0, "what exceeds the memory buffer is in the file");

    List<String> back = new ArrayList<>();
    while (back.size() < half / 2) {
      assertTrue(spill.takeInto(back, 500) > 0);
    }
    // Appends while the reader is half way: they come after what is left.
    items.subList(half, items.size()).forEach(i -> assertTrue(spill.append(i)));
    assertEquals(items.size() - back.size(), spill.size());
    while (spill.takeInto(back, 500) > 0) {
      assertTrue(back.size() <= items.size());
    }

    assertEquals(items, back);
    assertFalse(spill.holding(), "empty: new items go to the queue again");
    assertEquals(0, spill.size());
    assertEquals(0, Files.size(path), "the file starts over once read");

    spill.append("again");
    List<String> again = new ArrayList<>();
    assertEquals(1, spill.takeInto(again, 500), "what is only in the memory buffer is read too");
    assertEquals(List.of("again"), again);
    spill.close();
    assertFalse(Files.exists(path));
  }

  @Test
  void aRecordLargerThanAReadChunkComesBackWhole() {
    SpillFile<String> spill = new SpillFile<>(dir.resolve("spill"), 8L << 20, STRINGS);
    String big = "b".repeat(700_000);
    List<String> items = List.of("before", big, "after");
    items.forEach(i -> assertTrue(spill.append(i)));
    List<String> back = new ArrayList<>();
    while (spill.takeInto(back, 2) > 0) {
      assertTrue(back.size() <= items.size());
    }
    assertEquals(items, back);
    spill.close();
  }

  @Test
  void aFullFileRefusesAndKeepsWhatItHas() {
    // Each "item-N" record is 4 (length) + 4 + 6 bytes: 14; 100 bytes hold 7.
    SpillFile<String> spill = new SpillFile<>(dir.resolve("spill"), 100, STRINGS);
    List<Boolean> taken = IntStream.range(0, 10).mapToObj(i -> spill.append("item-" + i)).toList();
    assertEquals(List.of(true, true, true, true, true, true, true, false, false, false), taken);
    List<String> back = new ArrayList<>();
    spill.takeInto(back, 100);
    assertEquals(IntStream.range(0, 7).mapToObj(i -> "item-" + i).toList(), back);
    assertTrue(spill.append("item-later"), "room again once read");
    spill.close();
  }

  /** A disk that refuses the file: what was taken is counted lost, and said once, not per flush. */
  @Test
  void aFileThatCannotBeWrittenCountsItsItemsLostAndSaysSoOnce() throws IOException {
    Path notADirectory = dir.resolve("plain-file");
    Files.writeString(notADirectory, "the overflow file's directory cannot be made under this");
    SpillFile<String> spill = new SpillFile<>(notADirectory.resolve("spill"), 64L << 20, STRINGS);
    int taken = 0;
    try (CapturedLog log = CapturedLog.of(SpillFile.class.getName())) {
      for (int i = 0; i < 20_000; i++) {
        if (spill.append("item-" + i + "-" + "x".repeat(50))) {
          taken++;
        }
      }
      assertEquals(20_000, taken, "taken, then lost with the file");
      assertTrue(spill.lost() > 10_000, "lost: " + spill.lost());
      assertEquals(taken, spill.lost() + spill.size(), "each item lost or still held");
      assertEquals(1, log.messages().size(), "one line for many failed flushes: " + log.messages());
    }
    spill.close();
  }

  @Test
  void aStaleFileIsRemoved() throws IOException {
    Path path = dir.resolve("spill");
    Files.writeString(path, "left by a killed process");
    SpillFile<String> spill = new SpillFile<>(path, 1 << 20, STRINGS);
    spill.removeStale();
    assertFalse(Files.exists(path));
    assertEquals(0, spill.size());
    assertEquals(0, spill.lost());
  }
}
