package dev.bootkeeper.iso;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Rock Ridge facts of one directory record, read from its System Use area (SUSP, IEEE P1281)
 * and any continuation areas ({@code CE}) it chains to. Only what serving needs: the name ({@code
 * NM}), a symbolic link's target ({@code SL}), the file type ({@code PX}), and deep-directory
 * relocation ({@code CL}, {@code RE}) (RRIP, IEEE P1282 §4.1).
 */
final class SystemUse {

  /** Continuation areas followed per record; real images use one at most. */
  static final int MAX_CONTINUATIONS = 8;

  /** Longest continuation area read; one sector is what mkisofs and xorriso write. */
  static final int MAX_CONTINUATION_BYTES = 64 * 1024;

  private static final int S_IFMT = 0170000;
  private static final int S_IFLNK = 0120000;

  String name;
  String linkTarget;
  boolean isLink;
  boolean relocated;
  long childLocation = -1;
  boolean sharingProtocol;
  int skip;

  private final StringBuilder nameParts = new StringBuilder();
  private boolean nameSeen;
  private final List<String> linkParts = new ArrayList<>();
  private boolean linkAbsolute;
  private boolean linkContinues;
  private boolean linkSeen;

  /** Parses the area of one record; {@code budget} bounds the continuation bytes of the walk. */
  static SystemUse parse(byte[] record, int from, int to, IsoSource source, Budget budget)
      throws IOException, IsoException {
    SystemUse su = new SystemUse();
    byte[] area = record;
    int pos = from;
    int end = to;
    int continuations = 0;
    while (true) {
      long nextBlock = -1;
      long nextOffset = 0;
      long nextLength = 0;
      while (pos + 4 <= end) {
        int len = area[pos + 2] & 0xff;
        if (len < 4 || pos + len > end) {
          break;
        }
        char a = (char) (area[pos] & 0xff);
        char b = (char) (area[pos + 1] & 0xff);
        String sig = "" + a + b;
        switch (sig) {
          case "SP" -> {
            if (len >= 7 && (area[pos + 4] & 0xff) == 0xBE && (area[pos + 5] & 0xff) == 0xEF) {
              su.sharingProtocol = true;
              su.skip = area[pos + 6] & 0xff;
            }
          }
          case "NM" -> su.name(area, pos, len);
          case "SL" -> su.link(area, pos, len);
          case "PX" -> {
            if (len >= 8) {
              su.isLink |= (Le.u32(area, pos + 4) & S_IFMT) == S_IFLNK;
            }
          }
          case "CL" -> {
            if (len >= 8) {
              su.childLocation = Le.u32(area, pos + 4);
            }
          }
          case "RE" -> su.relocated = true;
          case "CE" -> {
            if (len >= 28) {
              nextBlock = Le.u32(area, pos + 4);
              nextOffset = Le.u32(area, pos + 12);
              nextLength = Le.u32(area, pos + 20);
            }
          }
          default -> {}
        }
        if (sig.equals("ST")) {
          break;
        }
        pos += len;
      }
      if (nextBlock < 0) {
        break;
      }
      if (++continuations > MAX_CONTINUATIONS) {
        throw new IsoException("malformed Rock Ridge data: too many continuation areas");
      }
      if (nextLength > MAX_CONTINUATION_BYTES || nextOffset >= IsoReader.SECTOR) {
        throw new IsoException("malformed Rock Ridge data: a continuation area of absurd size");
      }
      long at = nextBlock * IsoReader.SECTOR + nextOffset;
      if (at + nextLength > source.size()) {
        throw new IsoException("malformed Rock Ridge data: a continuation area past the end");
      }
      budget.spend(nextLength);
      area = source.read(at, (int) nextLength);
      pos = 0;
      end = area.length;
    }
    if (su.nameSeen && !su.nameParts.isEmpty()) {
      su.name = su.nameParts.toString();
    }
    if (su.linkSeen) {
      su.isLink = true;
      String joined = String.join("/", su.linkParts);
      su.linkTarget = su.linkAbsolute ? "/" + joined : joined;
    }
    return su;
  }

  private void name(byte[] area, int pos, int len) {
    if (len < 5) {
      return;
    }
    int flags = area[pos + 4] & 0xff;
    // CURRENT (2) and PARENT (4) name "." and ".."; never a real entry's name.
    if ((flags & 0x06) != 0) {
      return;
    }
    nameSeen = true;
    nameParts.append(new String(area, pos + 5, len - 5, StandardCharsets.UTF_8));
  }

  private void link(byte[] area, int pos, int len) {
    linkSeen = true;
    int p = pos + 5;
    int end = pos + len;
    while (p + 2 <= end) {
      int flags = area[p] & 0xff;
      int clen = area[p + 1] & 0xff;
      if (p + 2 + clen > end) {
        return;
      }
      String part;
      if ((flags & 0x02) != 0) {
        part = ".";
      } else if ((flags & 0x04) != 0) {
        part = "..";
      } else if ((flags & 0x08) != 0) {
        linkAbsolute = linkParts.isEmpty();
        part = null;
      } else {
        part = new String(area, p + 2, clen, StandardCharsets.UTF_8);
      }
      if (part != null) {
        if (linkContinues && !linkParts.isEmpty()) {
          int last = linkParts.size() - 1;
          linkParts.set(last, linkParts.get(last) + part);
        } else {
          linkParts.add(part);
        }
      }
      linkContinues = (flags & 0x01) != 0;
      p += 2 + clen;
    }
  }

  /** Bytes of directories and continuation areas one walk may read. */
  static final class Budget {
    private long left;

    Budget(long bytes) {
      this.left = bytes;
    }

    void spend(long bytes) throws IsoException {
      left -= bytes;
      if (left < 0) {
        throw new IsoException("the ISO's directories are absurdly large");
      }
    }
  }
}
