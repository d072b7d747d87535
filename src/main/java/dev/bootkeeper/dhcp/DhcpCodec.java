package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.Ipv4;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Reads and writes DHCP messages (RFC 2131 §2, RFC 2132, RFC 3396). JDK only, no I/O. */
public final class DhcpCodec {

  /** The fixed BOOTP part up to, not including, the magic cookie. */
  public static final int FIXED_SIZE = 236;

  /** The fixed part plus the magic cookie: the smallest DHCP message. */
  public static final int MIN_SIZE = FIXED_SIZE + 4;

  /**
   * Larger datagrams are refused. A DHCP message fits in one Ethernet frame in practice (iPXE
   * announces 1472 in option 57); 4096 leaves room for jumbo frames and long relay options.
   */
  public static final int MAX_SIZE = 4096;

  /**
   * Replies are padded to this size: the Linux in-kernel DHCP client (ipconfig) silently ignores
   * shorter BOOTP messages, as dnsmasq's {@code MIN_PACKETSZ} comment records.
   */
  public static final int MIN_REPLY_SIZE = 300;

  /**
   * Without option 57 a client need only accept a 576-byte IP datagram (RFC 2131 §2): 548 bytes of
   * DHCP message after the IP and UDP headers.
   */
  public static final int DEFAULT_MAX_REPLY = 576 - 28;

  static final int COOKIE = 0x63825363;
  private static final int SNAME_OFFSET = 44;
  private static final int SNAME_SIZE = 64;
  private static final int FILE_OFFSET = 108;
  private static final int FILE_SIZE = 128;

  private DhcpCodec() {}

  public static DhcpPacket decode(byte[] data) throws MalformedDhcpException {
    return decode(data, 0, data.length);
  }

  public static DhcpPacket decode(byte[] data, int offset, int length)
      throws MalformedDhcpException {
    if (length < MIN_SIZE) {
      throw new MalformedDhcpException(
          "truncated: " + length + " bytes, a DHCP message has at least " + MIN_SIZE);
    }
    if (length > MAX_SIZE) {
      throw new MalformedDhcpException(
          "oversized: " + length + " bytes, at most " + MAX_SIZE + " are accepted");
    }
    ByteBuffer b = ByteBuffer.wrap(data, offset, length).slice();
    int op = b.get(0) & 0xff;
    if (op != DhcpPacket.BOOTREQUEST && op != DhcpPacket.BOOTREPLY) {
      throw new MalformedDhcpException(
          "op " + op + " is neither BOOTREQUEST (1) nor BOOTREPLY (2)");
    }
    int hlen = b.get(2) & 0xff;
    if (hlen > 16) {
      throw new MalformedDhcpException("hlen " + hlen + " exceeds the 16-byte chaddr field");
    }
    int cookie = b.getInt(FIXED_SIZE);
    if (cookie != COOKIE) {
      throw new MalformedDhcpException(
          String.format("magic cookie is %08x, not 63825363 (plain BOOTP is not served)", cookie));
    }
    DhcpOptions.Builder options = DhcpOptions.builder();
    int overload = parseOptions(b, MIN_SIZE, length, options, "options", true);
    String sname = cString(b, SNAME_OFFSET, SNAME_SIZE);
    String file = cString(b, FILE_OFFSET, FILE_SIZE);
    // RFC 2131 §4.1 / RFC 3396 §7: the file field is read before sname when overloaded.
    if ((overload & 1) != 0) {
      parseOptions(b, FILE_OFFSET, FILE_OFFSET + FILE_SIZE, options, "file", false);
      file = "";
    }
    if ((overload & 2) != 0) {
      parseOptions(b, SNAME_OFFSET, SNAME_OFFSET + SNAME_SIZE, options, "sname", false);
      sname = "";
    }
    byte[] chaddr = new byte[16];
    b.get(28, chaddr);
    return new DhcpPacket(
        op,
        b.get(1) & 0xff,
        hlen,
        b.get(3) & 0xff,
        b.getInt(4),
        b.getShort(8) & 0xffff,
        b.getShort(10) & 0xffff,
        address(b, 12),
        address(b, 16),
        address(b, 20),
        address(b, 24),
        chaddr,
        sname,
        file,
        options.build());
  }

  /**
   * Parses a TLV area into {@code into}, joining repeated codes. Returns the option 52 value seen
   * in this area (only honoured in the main area).
   */
  private static int parseOptions(
      ByteBuffer b, int from, int to, DhcpOptions.Builder into, String area, boolean mainArea)
      throws MalformedDhcpException {
    int overload = 0;
    int i = from;
    while (i < to) {
      int code = b.get(i) & 0xff;
      if (code == DhcpOption.END) {
        return overload;
      }
      if (code == DhcpOption.PAD) {
        i++;
        continue;
      }
      if (i + 1 >= to) {
        throw new MalformedDhcpException(
            "option " + code + " at offset " + i + " of the " + area + " area has no length byte");
      }
      int len = b.get(i + 1) & 0xff;
      if (i + 2 + len > to) {
        throw new MalformedDhcpException(
            "option "
                + code
                + " at offset "
                + i
                + " of the "
                + area
                + " area claims "
                + len
                + " bytes, only "
                + (to - i - 2)
                + " left");
      }
      byte[] value = new byte[len];
      b.get(i + 2, value);
      if (code == DhcpOption.OVERLOAD) {
        if (mainArea && len == 1 && value[0] >= 1 && value[0] <= 3) {
          overload = value[0];
        }
      } else {
        into.append(code, value);
      }
      i += 2 + len;
    }
    // A missing END that coincides with the end of the area is tolerated: several clients stop
    // at the last option, and nothing is lost.
    return overload;
  }

  private static String cString(ByteBuffer b, int offset, int size) {
    int end = offset;
    while (end < offset + size && b.get(end) != 0) {
      end++;
    }
    byte[] s = new byte[end - offset];
    b.get(offset, s);
    return new String(s, StandardCharsets.ISO_8859_1);
  }

  private static java.net.Inet4Address address(ByteBuffer b, int offset) {
    byte[] a = new byte[4];
    b.get(offset, a);
    return Ipv4.fromBytes(a);
  }

  /** Encodes with the default 548-byte limit. */
  public static byte[] encode(DhcpPacket p) {
    return encode(p, DEFAULT_MAX_REPLY);
  }

  /**
   * Encodes a message of at most {@code maxSize} bytes (see {@link #maxReplySize}) and at least
   * {@link #MIN_REPLY_SIZE}. Values longer than 255 bytes go out as consecutive instances of their
   * code (RFC 3396 §5). When the options do not fit and both {@code sname} and {@code file} are
   * empty, those fields carry the rest, announced by option 52 (RFC 2132 §9.3; read in the order
   * options, file, sname, RFC 3396 §7). A reply with a boot file or server name is never
   * overloaded: PXE ROMs and U-Boot read those fields. Options that fit nowhere are left out whole,
   * never cut.
   */
  public static byte[] encode(DhcpPacket p, int maxSize) {
    int limit = Math.max(MIN_REPLY_SIZE, Math.min(maxSize, MAX_SIZE));
    ByteBuffer b = ByteBuffer.allocate(limit);
    b.put((byte) p.op())
        .put((byte) p.htype())
        .put((byte) p.hlen())
        .put((byte) p.hops())
        .putInt(p.xid())
        .putShort((short) p.secs())
        .putShort((short) p.flags())
        .put(p.ciaddr().getAddress())
        .put(p.yiaddr().getAddress())
        .put(p.siaddr().getAddress())
        .put(p.giaddr().getAddress())
        .put(p.chaddr());
    putCString(b, p.sname(), SNAME_SIZE);
    putCString(b, p.file(), FILE_SIZE);
    b.putInt(COOKIE);
    Map<Integer, byte[]> options = p.options().raw();
    boolean overloadable = p.sname().isEmpty() && p.file().isEmpty();
    if (!overloadable || fits(options, limit - MIN_SIZE - 1)) {
      Area main = new Area(b, MIN_SIZE, limit);
      options.forEach(main::tryPut);
      main.end();
      return Arrays.copyOf(b.array(), Math.max(main.position, MIN_REPLY_SIZE));
    }
    // Option 52 takes 3 bytes of the main area; each area keeps one byte for its END.
    Area main = new Area(b, MIN_SIZE + 3, limit);
    Area file = new Area(b, FILE_OFFSET, FILE_OFFSET + FILE_SIZE);
    Area sname = new Area(b, SNAME_OFFSET, SNAME_OFFSET + SNAME_SIZE);
    List<Area> areas = List.of(main, file, sname);
    for (Map.Entry<Integer, byte[]> e : options.entrySet()) {
      Area.tryPut(areas, e.getKey(), e.getValue());
    }
    int used = (file.used() ? 1 : 0) | (sname.used() ? 2 : 0);
    if (used == 0) {
      // Nothing spilled after all: PAD keeps the reserved bytes meaningful.
      b.put(MIN_SIZE, (byte) DhcpOption.PAD)
          .put(MIN_SIZE + 1, (byte) DhcpOption.PAD)
          .put(MIN_SIZE + 2, (byte) DhcpOption.PAD);
    } else {
      b.put(MIN_SIZE, (byte) DhcpOption.OVERLOAD)
          .put(MIN_SIZE + 1, (byte) 1)
          .put(MIN_SIZE + 2, (byte) used);
    }
    for (Area a : areas) {
      if (a == main || a.used()) {
        a.end();
      }
    }
    return Arrays.copyOf(b.array(), Math.max(main.position, MIN_REPLY_SIZE));
  }

  /** Whether every option, split in 255-byte instances, fits in {@code room} bytes. */
  private static boolean fits(Map<Integer, byte[]> options, int room) {
    int need = 0;
    for (byte[] v : options.values()) {
      need += v.length + 2 * instances(v);
    }
    return need <= room;
  }

  private static int instances(byte[] v) {
    return Math.max(1, (v.length + 254) / 255);
  }

  /** One area of a message that holds options: from a start offset up to a limit, END last. */
  private static final class Area {
    private final ByteBuffer b;
    private final int start;
    private final int limit;
    private int position;

    Area(ByteBuffer b, int start, int limit) {
      this.b = b;
      this.start = start;
      this.limit = limit;
      this.position = start;
    }

    boolean used() {
      return position > start;
    }

    /** Room for option bytes, keeping one for END. */
    int room() {
      return limit - 1 - position;
    }

    /** Puts a whole option here, or nothing. */
    void tryPut(int code, byte[] v) {
      if (v.length + 2 * instances(v) <= room()) {
        tryPut(List.of(this), code, v);
      }
    }

    /**
     * Puts a whole option, or nothing when it does not fit in what is left. One of at most 255
     * bytes goes whole into the first area with room; only a longer one is split (RFC 3396 §5), its
     * instances continuing in the next area when one is full.
     */
    static void tryPut(List<Area> areas, int code, byte[] v) {
      if (v.length <= 255) {
        for (Area a : areas) {
          if (a.room() >= v.length + 2) {
            a.write(code, v, 0, v.length);
            return;
          }
        }
        return;
      }
      int[] saved = new int[areas.size()];
      for (int i = 0; i < areas.size(); i++) {
        saved[i] = areas.get(i).position;
      }
      int from = 0;
      for (Area a : areas) {
        while (from < v.length && a.room() >= 3) {
          int len = Math.min(Math.min(255, v.length - from), a.room() - 2);
          a.write(code, v, from, len);
          from += len;
        }
      }
      if (from < v.length) {
        for (int i = 0; i < areas.size(); i++) {
          areas.get(i).position = saved[i];
        }
      }
    }

    private void write(int code, byte[] v, int from, int len) {
      b.put(position, (byte) code).put(position + 1, (byte) len);
      b.put(position + 2, v, from, len);
      position += 2 + len;
    }

    void end() {
      b.put(position++, (byte) DhcpOption.END);
    }
  }

  /**
   * The largest reply this client accepts: option 57 (RFC 2132 §9.10) counts the IP and UDP
   * headers, so 28 bytes are taken off; never below the 548 every client must accept.
   */
  public static int maxReplySize(DhcpPacket request) {
    long announced = request.options().number(DhcpOption.MAX_MESSAGE_SIZE).orElse(0L);
    return (int) Math.max(DEFAULT_MAX_REPLY, Math.min(announced - 28, MAX_SIZE));
  }

  /** Writes text NUL-terminated: at most size-1 characters, so the terminator always fits. */
  private static void putCString(ByteBuffer b, String s, int size) {
    byte[] v = s.getBytes(StandardCharsets.ISO_8859_1);
    int n = Math.min(v.length, size - 1);
    b.put(v, 0, n);
    b.put(new byte[size - n]);
  }
}
