package dev.bootkeeper.dhcp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.jboss.logging.Logger;

/**
 * The lease journal of an embedded database: every change to the lease table is appended here, one
 * {@code write} per batch of claims, before the DHCP server answers for it, and reaches the
 * database behind ({@link LeaseTableApplier}). An H2 commit writes a new chunk of its file each
 * time, and in a boot storm those chunk writes were the largest part of the lease writer's work; an
 * append costs a system call. A change is as durable as a committed row was: it is in the operating
 * system's page cache when the answer goes out and survives a crash of the process (neither the
 * database nor the journal asks the disk to flush on each write).
 *
 * <p>On disk: a directory beside the database file ({@code bootkeeper.lease-journal/}) of numbered
 * segments. A segment is a magic number and then records: length, CRC-32 of the payload, payload (a
 * count and that many {@link LeaseRowChange}s). A record cut short or damaged ends what is read of
 * its segment: it was never answered for. Once the database holds every change of a segment the
 * segment goes; once it holds everything appended, the current segment is emptied. A cleanly
 * stopped appliance leaves no segment, and one that crashed leaves what {@link #read} replays at
 * the next start.
 */
final class LeaseJournal implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(LeaseJournal.class);

  /** "BKLEASE1": a segment's first eight bytes. */
  private static final long MAGIC = 0x424b4c4541534531L;

  private static final int HEADER = Long.BYTES;

  /** A segment this long is closed at the next chance and a new one begun. */
  static final long ROTATE_AT = 1 << 20;

  private static final String SUFFIX = ".seg";

  private record Segment(Path file, long lastSequence) {}

  private final Path directory;
  private final Deque<Segment> full = new ArrayDeque<>();
  private FileChannel current;
  private Path currentFile;
  private long currentLast;
  private long nextNumber = 1;
  private long appended;

  private LeaseJournal(Path directory) {
    this.directory = directory;
  }

  /**
   * A journal in {@code directory}, whose segments must have been replayed ({@link #read}) and
   * discarded first; numbering goes on after any left there.
   */
  static LeaseJournal in(Path directory) throws IOException {
    LeaseJournal journal = new LeaseJournal(directory);
    for (Path left : segments(directory)) {
      String name = left.getFileName().toString();
      try {
        long number = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
        journal.nextNumber = Math.max(journal.nextNumber, number + 1);
      } catch (NumberFormatException foreign) {
        // Not a name this journal gives; it cannot collide with one either.
      }
    }
    return journal;
  }

  /** For a database that keeps nothing across a restart (in memory): nothing is written. */
  static LeaseJournal none() {
    return new LeaseJournal(null);
  }

  /**
   * The journal directory for the embedded database at {@code url}, or empty for one in memory. H2
   * names its file by the URL's path plus {@code .mv.db}; the journal is that path plus {@code
   * .lease-journal}.
   */
  static Optional<Path> besideDatabase(String url) {
    if (url == null || !url.startsWith("jdbc:h2:")) {
      return Optional.empty();
    }
    String rest = url.substring("jdbc:h2:".length());
    int settings = rest.indexOf(';');
    if (settings >= 0) {
      rest = rest.substring(0, settings);
    }
    String lower = rest.toLowerCase(Locale.ROOT);
    if (lower.startsWith("mem:") || lower.startsWith("tcp:") || lower.startsWith("ssl:")) {
      return Optional.empty();
    }
    if (lower.startsWith("file:")) {
      rest = rest.substring("file:".length());
    } else if (lower.matches("^[a-z0-9]+:.*") && !lower.matches("^[a-z]:[\\\\/].*")) {
      // Another of H2's file systems (nio:, split:, zip: ...): not one a journal can sit beside.
      return Optional.empty();
    }
    if (rest.startsWith("~")) {
      rest = System.getProperty("user.home") + rest.substring(1);
    }
    return rest.isBlank() ? Optional.empty() : Optional.of(Path.of(rest + ".lease-journal"));
  }

  /**
   * Appends {@code changes} as one record and returns its sequence number, which {@link
   * #appliedThrough} is later given. Returns once the record is written.
   */
  synchronized long append(List<LeaseRowChange> changes) throws IOException {
    long sequence = appended + 1;
    if (directory != null) {
      ByteBuffer record = ByteBuffer.wrap(encode(changes));
      FileChannel channel = channel();
      while (record.hasRemaining()) {
        channel.write(record);
      }
      currentLast = sequence;
    }
    appended = sequence;
    return sequence;
  }

  /** The sequence number of the last record appended. */
  synchronized long appended() {
    return appended;
  }

  /**
   * The database now holds every change up to record {@code sequence}: segments entirely behind it
   * go, and the current one is emptied if nothing after it was appended, or closed if it grew long.
   */
  synchronized void appliedThrough(long sequence) throws IOException {
    while (!full.isEmpty() && full.peekFirst().lastSequence() <= sequence) {
      Files.deleteIfExists(full.removeFirst().file());
    }
    if (current == null) {
      return;
    }
    if (currentLast <= sequence) {
      if (current.size() > HEADER) {
        current.truncate(HEADER);
      }
    } else if (current.size() >= ROTATE_AT) {
      current.close();
      full.addLast(new Segment(currentFile, currentLast));
      current = null;
    }
  }

  private FileChannel channel() throws IOException {
    if (current == null) {
      Files.createDirectories(directory);
      currentFile = directory.resolve(String.format("%016d%s", nextNumber++, SUFFIX));
      current =
          FileChannel.open(
              currentFile,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND);
      ByteBuffer magic = ByteBuffer.allocate(HEADER).putLong(0, MAGIC);
      while (magic.hasRemaining()) {
        current.write(magic);
      }
    }
    return current;
  }

  /** Closes the current segment; a journal whose every change was applied leaves no file. */
  @Override
  public synchronized void close() throws IOException {
    if (current != null) {
      current.close();
      current = null;
      if (Files.exists(currentFile) && Files.size(currentFile) <= HEADER) {
        Files.deleteIfExists(currentFile);
      }
    }
    if (directory != null && full.isEmpty() && Files.isDirectory(directory)) {
      try (Stream<Path> left = Files.list(directory)) {
        if (left.findAny().isEmpty()) {
          Files.deleteIfExists(directory);
        }
      }
    }
  }

  /** Every change the segments in {@code directory} hold, oldest first; none if it is absent. */
  static List<LeaseRowChange> read(Path directory) throws IOException {
    List<LeaseRowChange> changes = new ArrayList<>();
    for (Path segment : segments(directory)) {
      try (InputStream in = Files.newInputStream(segment)) {
        readSegment(segment, new DataInputStream(in), changes);
      }
    }
    return changes;
  }

  /** Removes the segments {@link #read} returned (their changes are in the database now). */
  static void discard(Path directory) throws IOException {
    for (Path segment : segments(directory)) {
      Files.deleteIfExists(segment);
    }
    if (Files.isDirectory(directory)) {
      try (Stream<Path> left = Files.list(directory)) {
        if (left.findAny().isEmpty()) {
          Files.deleteIfExists(directory);
        }
      }
    }
  }

  private static List<Path> segments(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    }
  }

  private static void readSegment(Path segment, DataInputStream in, List<LeaseRowChange> out)
      throws IOException {
    try {
      if (in.readLong() != MAGIC) {
        LOG.warnf("lease journal: %s is not a lease journal segment; ignored", segment);
        return;
      }
    } catch (EOFException empty) {
      return;
    }
    for (long offset = HEADER; ; ) {
      int length;
      int crc;
      byte[] payload;
      try {
        length = in.readInt();
        crc = in.readInt();
        if (length < 0 || length > ROTATE_AT * 4) {
          LOG.warnf(
              "lease journal: %s: bad record length at byte %d; rest ignored", segment, offset);
          return;
        }
        payload = in.readNBytes(length);
      } catch (EOFException end) {
        return;
      }
      if (payload.length < length) {
        LOG.warnf("lease journal: %s: record cut short at byte %d; rest ignored", segment, offset);
        return;
      }
      if (crc32(payload) != crc) {
        LOG.warnf("lease journal: %s: damaged record at byte %d; rest ignored", segment, offset);
        return;
      }
      decode(payload, out);
      offset += 8 + length;
    }
  }

  static byte[] encode(List<LeaseRowChange> changes) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + changes.size() * 48);
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(changes.size());
    for (LeaseRowChange c : changes) {
      out.writeLong(c.ip());
      out.writeBoolean(c.removes());
      if (!c.removes()) {
        out.writeBoolean(c.mac() != null);
        if (c.mac() != null) {
          out.writeUTF(c.mac());
        }
        out.writeUTF(c.state());
        writeInstant(out, c.expires());
        writeInstant(out, c.updated());
      }
    }
    byte[] payload = bytes.toByteArray();
    ByteBuffer record = ByteBuffer.allocate(8 + payload.length);
    record.putInt(payload.length).putInt(crc32(payload)).put(payload);
    return record.array();
  }

  private static void decode(byte[] payload, List<LeaseRowChange> out) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      long ip = in.readLong();
      if (in.readBoolean()) {
        out.add(LeaseRowChange.removal(ip));
      } else {
        String mac = in.readBoolean() ? in.readUTF() : null;
        String state = in.readUTF();
        out.add(new LeaseRowChange(ip, mac, state, readInstant(in), readInstant(in)));
      }
    }
  }

  private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
    out.writeLong(t.getEpochSecond());
    out.writeInt(t.getNano());
  }

  private static Instant readInstant(DataInputStream in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }

  private static int crc32(byte[] payload) {
    CRC32 crc = new CRC32();
    crc.update(payload);
    return (int) crc.getValue();
  }
}
