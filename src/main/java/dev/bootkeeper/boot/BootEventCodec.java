package dev.bootkeeper.boot;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.bootkeeper.background.SpillFile;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.function.Function;

/**
 * A boot event as bytes in the writer's overflow file. The file never outlives the process (it is
 * removed at start and stop), so the layout needs no version: enums go by ordinal, strings as UTF-8
 * after an int length (-1 for null), and a nullable number or enum has a presence mark.
 */
final class BootEventCodec implements SpillFile.Codec<BootEvent> {

  private static final BootEvent.Protocol[] PROTOCOLS = BootEvent.Protocol.values();
  private static final BootEvent.Outcome[] OUTCOMES = BootEvent.Outcome.values();
  private static final BootStep[] STEPS = BootStep.values();
  private static final FailureReason[] REASONS = FailureReason.values();
  private static final Firmware[] FIRMWARES = Firmware.values();

  @Override
  public void write(BootEvent e, DataOutput out) throws IOException {
    out.writeLong(e.at().getEpochSecond());
    out.writeInt(e.at().getNano());
    writeString(out, e.mac());
    writeString(out, e.ip());
    writeString(out, e.uuid());
    out.writeByte(e.protocol().ordinal());
    out.writeShort(e.step().ordinal());
    out.writeByte(e.outcome().ordinal());
    writeEnum(out, e.reason());
    writeString(out, e.detail());
    BootEvent.Facts f = e.facts();
    writeString(out, f.file());
    writeLong(out, f.bytes());
    writeLong(out, f.durationMs());
    writeString(out, f.profile());
    writeEnum(out, f.firmware());
    writeString(out, e.node());
  }

  @Override
  public BootEvent read(DataInput in) throws IOException {
    Instant at = Instant.ofEpochSecond(in.readLong(), in.readInt());
    String mac = readString(in);
    String ip = readString(in);
    String uuid = readString(in);
    BootEvent.Protocol protocol = PROTOCOLS[in.readUnsignedByte()];
    BootStep step = STEPS[in.readUnsignedShort()];
    BootEvent.Outcome outcome = OUTCOMES[in.readUnsignedByte()];
    FailureReason reason = readEnum(in, i -> REASONS[i]);
    String detail = readString(in);
    BootEvent.Facts facts =
        new BootEvent.Facts(
            readString(in),
            readLong(in),
            readLong(in),
            readString(in),
            readEnum(in, i -> FIRMWARES[i]));
    String node = readString(in);
    return new BootEvent(at, mac, ip, uuid, protocol, step, outcome, reason, detail, facts, node);
  }

  private static void writeString(DataOutput out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] utf8 = s.getBytes(UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readString(DataInput in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] utf8 = new byte[length];
    in.readFully(utf8);
    return new String(utf8, UTF_8);
  }

  private static void writeLong(DataOutput out, Long value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeLong(value);
    }
  }

  private static Long readLong(DataInput in) throws IOException {
    return in.readBoolean() ? in.readLong() : null;
  }

  private static void writeEnum(DataOutput out, Enum<?> value) throws IOException {
    out.writeShort(value == null ? -1 : value.ordinal());
  }

  private static <E> E readEnum(DataInput in, Function<Integer, E> byOrdinal) throws IOException {
    short ordinal = in.readShort();
    return ordinal < 0 ? null : byOrdinal.apply((int) ordinal);
  }
}
