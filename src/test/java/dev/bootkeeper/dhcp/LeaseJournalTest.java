package dev.bootkeeper.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lease journal's file: what is appended is read back, and a damaged tail is left out. */
class LeaseJournalTest {

  @TempDir Path tmp;

  static final Instant T = Instant.parse("2026-12-07T20:00:00.123456Z");

  static LeaseRowChange bound(long ip, String mac) {
    return new LeaseRowChange(ip, mac, "BOUND", T.plusSeconds(3600), T);
  }

  static final LeaseRowChange QUARANTINE =
      new LeaseRowChange(0xc6120105L, null, "QUARANTINED", T.plusSeconds(600), T);

  Path dir() {
    return tmp.resolve("bootkeeper.lease-journal");
  }

  List<Path> segments() throws Exception {
    try (Stream<Path> files = Files.list(dir())) {
      return files.sorted().toList();
    }
  }

  @Test
  void whatIsAppendedIsReadBackInOrder() throws Exception {
    List<LeaseRowChange> first =
        List.of(LeaseRowChange.removal(0xc6120101L), bound(0xc6120102L, "02:00:00:00:00:01"));
    List<LeaseRowChange> second = List.of(QUARANTINE);
    try (LeaseJournal journal = LeaseJournal.in(dir())) {
      assertEquals(1, journal.append(first));
      assertEquals(2, journal.append(second));
      List<LeaseRowChange> all = new ArrayList<>(first);
      all.addAll(second);
      assertEquals(all, LeaseJournal.read(dir()), "read while the journal is open (a crash)");
    }
  }

  @Test
  void aRecordCutShortOrDamagedEndsWhatIsRead() throws Exception {
    LeaseJournal journal = LeaseJournal.in(dir());
    journal.append(List.of(bound(1, "02:00:00:00:00:01")));
    journal.append(List.of(bound(2, "02:00:00:00:00:02")));
    Path segment = segments().get(0);
    long whole = Files.size(segment);

    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.setLength(whole - 3);
    }
    assertEquals(List.of(bound(1, "02:00:00:00:00:01")), LeaseJournal.read(dir()), "cut short");

    journal.append(List.of(bound(3, "02:00:00:00:00:03")));
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.seek(whole - 3);
      f.write(0x7f);
    }
    assertEquals(List.of(bound(1, "02:00:00:00:00:01")), LeaseJournal.read(dir()), "damaged");
  }

  @Test
  void whatTheDatabaseHoldsIsDroppedAndACleanStopLeavesNothing() throws Exception {
    LeaseJournal journal = LeaseJournal.in(dir());
    long one = journal.append(List.of(bound(1, "02:00:00:00:00:01")));
    long two = journal.append(List.of(bound(2, "02:00:00:00:00:02")));
    journal.appliedThrough(one);
    assertEquals(2, LeaseJournal.read(dir()).size(), "record 2 is not in the database yet");
    journal.appliedThrough(two);
    assertEquals(List.of(), LeaseJournal.read(dir()));
    journal.close();
    assertFalse(Files.exists(dir()), "a cleanly stopped journal leaves no directory");
  }

  @Test
  void aLongSegmentIsClosedAndGoesOnceApplied() throws Exception {
    List<LeaseRowChange> many = new ArrayList<>();
    for (int i = 0; many.size() * 40L < LeaseJournal.ROTATE_AT; i++) {
      many.add(bound(i, String.format("02:00:00:00:%02x:%02x", i / 256 % 256, i % 256)));
    }
    LeaseJournal journal = LeaseJournal.in(dir());
    long big = journal.append(many);
    long small = journal.append(List.of(QUARANTINE));
    journal.appliedThrough(big - 1);
    long after = journal.append(List.of(bound(7, "02:00:00:00:07:07")));
    assertEquals(2, segments().size(), "the long segment was closed, a new one begun");
    assertEquals(many.size() + 2, LeaseJournal.read(dir()).size());

    journal.appliedThrough(small);
    assertEquals(1, segments().size(), "the closed segment is all in the database: gone");
    assertEquals(List.of(bound(7, "02:00:00:00:07:07")), LeaseJournal.read(dir()));
    journal.appliedThrough(after);
    journal.close();
    assertFalse(Files.exists(dir()));
  }

  @Test
  void aJournalForADatabaseInMemoryWritesNothing() throws Exception {
    try (LeaseJournal journal = LeaseJournal.none()) {
      assertEquals(1, journal.append(List.of(QUARANTINE)));
      journal.appliedThrough(1);
    }
    assertFalse(Files.exists(dir()));
  }

  @Test
  void theJournalSitsBesideTheDatabaseFile() {
    assertEquals(
        Optional.of(Path.of("/var/lib/bootkeeper/bootkeeper.lease-journal")),
        LeaseJournal.besideDatabase(
            "jdbc:h2:file:/var/lib/bootkeeper/bootkeeper;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"));
    assertEquals(
        Optional.of(Path.of("./data/bk.lease-journal")),
        LeaseJournal.besideDatabase("jdbc:h2:./data/bk"));
    assertEquals(
        Optional.of(Path.of(System.getProperty("user.home") + "/bk.lease-journal")),
        LeaseJournal.besideDatabase("jdbc:h2:~/bk"));
    assertTrue(LeaseJournal.besideDatabase("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1").isEmpty());
    assertTrue(LeaseJournal.besideDatabase("jdbc:h2:tcp://db/bk").isEmpty());
    assertTrue(LeaseJournal.besideDatabase("jdbc:postgresql://db/bk").isEmpty());
  }
}
