package dev.bootkeeper.iso;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an ISO 9660 image's tree (ECMA-119): the volume descriptors from sector 16, then every
 * directory breadth first, with Rock Ridge names when the image has them, else Joliet names, else
 * the plain names as Linux shows them (lower case, without the {@code ;1} version). Every count,
 * size and depth is bounded, every extent is checked against the file's size and each directory is
 * read once, so a malformed image costs bounded work and ends in an {@link IsoException}.
 */
public final class IsoReader {

  static final int SECTOR = 2048;

  /** Volume descriptors looked at; real images have three to six. */
  static final int MAX_DESCRIPTORS = 32;

  /** Names in one image; SystemRescue has about a hundred, a Debian DVD some ten thousand. */
  static final int MAX_ENTRIES = 500_000;

  static final int MAX_DEPTH = 64;

  /** One directory's size; 16 MiB holds some 200 000 records. */
  static final long MAX_DIRECTORY_BYTES = 16L * 1024 * 1024;

  /** All directories and continuation areas of one image together. */
  static final long MAX_TREE_BYTES = 256L * 1024 * 1024;

  static final String UDF_NOT_SUPPORTED = "UDF (Windows ISOs) is not supported yet";

  private final IsoSource source;
  private final SystemUse.Budget budget = new SystemUse.Budget(MAX_TREE_BYTES);
  private final Map<String, IsoEntry> entries = new HashMap<>();
  private IsoTree.Naming naming;
  private int skip;

  private IsoReader(IsoSource source) {
    this.source = source;
  }

  public static IsoTree read(IsoSource source) throws IsoException {
    try {
      return new IsoReader(source).read();
    } catch (IOException e) {
      throw new IsoException("cannot read the ISO: " + e.getMessage());
    }
  }

  private record Descriptors(byte[] primary, byte[] joliet, boolean udf) {}

  private record Pending(String path, long block, long length, int depth) {}

  private IsoTree read() throws IOException, IsoException {
    Descriptors d = descriptors();
    if (d.primary() == null) {
      if (d.udf()) {
        throw new IsoException(UDF_NOT_SUPPORTED);
      }
      throw new IsoException("not an ISO 9660 image (no primary volume descriptor at sector 16)");
    }
    byte[] pvd = d.primary();
    int blockSize = Le.u16(pvd, 128);
    if (blockSize != SECTOR) {
      throw new IsoException("unsupported logical block size " + blockSize + " (only 2048)");
    }
    long volumeBytes = Le.u32(pvd, 80) * SECTOR;
    if (volumeBytes > source.size()) {
      throw new IsoException(
          "the ISO is truncated: its volume holds "
              + volumeBytes
              + " bytes but the file has "
              + source.size());
    }
    String label = new String(pvd, 40, 32, StandardCharsets.US_ASCII).strip();
    byte[] root = Arrays.copyOfRange(pvd, 156, 156 + 34);
    boolean rockRidge = hasRockRidge(root);
    if (rockRidge) {
      naming = IsoTree.Naming.ROCK_RIDGE;
    } else if (d.joliet() != null) {
      naming = IsoTree.Naming.JOLIET;
      root = Arrays.copyOfRange(d.joliet(), 156, 156 + 34);
    } else {
      naming = IsoTree.Naming.ISO9660;
    }
    walk(root);
    if (d.udf() && entries.values().stream().noneMatch(e -> e instanceof IsoEntry.Directory)) {
      // Windows ISOs carry an ISO 9660 tree with only a README saying to read the UDF one.
      throw new IsoException(UDF_NOT_SUPPORTED);
    }
    return new IsoTree(label, naming, entries);
  }

  private Descriptors descriptors() throws IOException {
    byte[] primary = null;
    byte[] joliet = null;
    boolean udf = false;
    for (int i = 0; i < MAX_DESCRIPTORS; i++) {
      long at = (16L + i) * SECTOR;
      if (at + SECTOR > source.size()) {
        break;
      }
      byte[] s = source.read(at, SECTOR);
      String id = new String(s, 1, 5, StandardCharsets.US_ASCII);
      int type = s[0] & 0xff;
      if (id.equals("CD001")) {
        if (type == 1 && primary == null) {
          primary = s;
        } else if (type == 2 && joliet == null && isJoliet(s)) {
          joliet = s;
        }
      } else if (id.equals("NSR02") || id.equals("NSR03")) {
        udf = true;
      } else if (!id.equals("BEA01") && !id.equals("TEA01") && !id.equals("BOOT2")) {
        break;
      }
    }
    return new Descriptors(primary, joliet, udf);
  }

  /** A supplementary descriptor with one of Joliet's three UCS-2 escape sequences. */
  private static boolean isJoliet(byte[] svd) {
    return svd[88] == '%' && svd[89] == '/' && (svd[90] == '@' || svd[90] == 'C' || svd[90] == 'E');
  }

  /** Rock Ridge starts with an SP entry in the root's own "." record (SUSP §5.3). */
  private boolean hasRockRidge(byte[] rootRecord) throws IOException, IsoException {
    long block = Le.u32(rootRecord, 2);
    long at = block * SECTOR;
    if (at + SECTOR > source.size()) {
      throw new IsoException("the root directory lies past the end of the ISO");
    }
    byte[] sector = source.read(at, SECTOR);
    int len = sector[0] & 0xff;
    int nameLen = sector[32] & 0xff;
    if (len < 34 || 33 + nameLen > len) {
      return false;
    }
    int from = 33 + nameLen + (nameLen % 2 == 0 ? 1 : 0);
    SystemUse su = SystemUse.parse(sector, Math.min(from, len), len, source, budget);
    if (su.sharingProtocol) {
      skip = su.skip;
    }
    return su.sharingProtocol;
  }

  private void walk(byte[] rootRecord) throws IOException, IsoException {
    Deque<Pending> queue = new ArrayDeque<>();
    Set<Long> seen = new HashSet<>();
    queue.add(new Pending("", Le.u32(rootRecord, 2), Le.u32(rootRecord, 10), 0));
    while (!queue.isEmpty()) {
      Pending dir = queue.poll();
      if (!seen.add(dir.block())) {
        throw new IsoException("a directory is reached twice (a loop) at " + shown(dir.path()));
      }
      if (dir.length() > MAX_DIRECTORY_BYTES) {
        throw new IsoException("the directory " + shown(dir.path()) + " is absurdly large");
      }
      long at = dir.block() * SECTOR;
      if (at + dir.length() > source.size()) {
        throw new IsoException("the directory " + shown(dir.path()) + " lies past the end");
      }
      budget.spend(dir.length());
      byte[] data = source.read(at, (int) dir.length());
      records(dir, data, queue);
    }
  }

  private void records(Pending dir, byte[] data, Deque<Pending> queue)
      throws IOException, IsoException {
    int pos = 0;
    while (pos < data.length) {
      int len = data[pos] & 0xff;
      if (len == 0) {
        // Records never cross a sector; the rest of this sector is padding.
        pos = (pos / SECTOR + 1) * SECTOR;
        continue;
      }
      if (len < 34 || pos + len > data.length || pos % SECTOR + len > SECTOR) {
        throw new IsoException("malformed directory record in " + shown(dir.path()));
      }
      byte[] r = Arrays.copyOfRange(data, pos, pos + len);
      pos += len;
      int nameLen = r[32] & 0xff;
      if (33 + nameLen > len) {
        throw new IsoException("malformed directory record in " + shown(dir.path()));
      }
      if (nameLen == 1 && (r[33] == 0 || r[33] == 1)) {
        continue;
      }
      entry(dir, r, nameLen, queue);
    }
  }

  private void entry(Pending dir, byte[] r, int nameLen, Deque<Pending> queue)
      throws IOException, IsoException {
    int flags = r[25] & 0xff;
    if ((flags & 0x04) != 0) {
      // An associated file (Apple resource forks): not part of the tree a mount shows.
      return;
    }
    SystemUse su = null;
    if (naming == IsoTree.Naming.ROCK_RIDGE) {
      int from = 33 + nameLen + (nameLen % 2 == 0 ? 1 : 0) + skip;
      su = SystemUse.parse(r, Math.min(from, r.length), r.length, source, budget);
      if (su.relocated) {
        // Shown where its CL entry points to it, not in rr_moved.
        return;
      }
    }
    String name = name(r, nameLen, su);
    if (name == null) {
      return;
    }
    String path = dir.path().isEmpty() ? name : dir.path() + "/" + name;
    if (entries.containsKey(path)) {
      // The later parts of a multi-extent file, or a duplicate: the first record stands.
      return;
    }
    if (entries.size() >= MAX_ENTRIES) {
      throw new IsoException("the ISO has more than " + MAX_ENTRIES + " names");
    }
    long block = Le.u32(r, 2);
    long length = Le.u32(r, 10);
    long attributeBlocks = r[1] & 0xff;
    if (su != null && su.childLocation >= 0) {
      directory(dir, path, su.childLocation, -1, queue);
    } else if (su != null && su.isLink) {
      entries.put(path, new IsoEntry.Symlink(su.linkTarget == null ? "" : su.linkTarget));
    } else if ((flags & 0x02) != 0) {
      directory(dir, path, block, length, queue);
    } else if ((flags & 0x80) != 0) {
      entries.put(
          path,
          new IsoEntry.Unsupported(
              "files over 4 GiB (stored in several extents) are not supported"));
    } else {
      long offset = (block + attributeBlocks) * SECTOR;
      if (offset + length > source.size()) {
        throw new IsoException("the file " + shown(path) + " extends past the end of the ISO");
      }
      entries.put(path, new IsoEntry.File(offset, length));
    }
  }

  /** {@code length} -1: a relocated directory, whose size its own "." record gives. */
  private void directory(Pending parent, String path, long block, long length, Deque<Pending> q)
      throws IOException, IsoException {
    if (parent.depth() + 1 > MAX_DEPTH) {
      throw new IsoException("directories nested deeper than " + MAX_DEPTH + " at " + shown(path));
    }
    long size = length;
    if (size < 0) {
      long at = block * SECTOR;
      if (at + 34 > source.size()) {
        throw new IsoException("the directory " + shown(path) + " lies past the end");
      }
      size = Le.u32(source.read(at, 34), 10);
    }
    entries.put(path, new IsoEntry.Directory());
    q.add(new Pending(path, block, size, parent.depth() + 1));
  }

  /** The entry's name in the tree's naming, or null for a name no path can hold. */
  private String name(byte[] r, int nameLen, SystemUse su) {
    String name;
    if (su != null && su.name != null) {
      name = su.name;
    } else if (naming == IsoTree.Naming.JOLIET) {
      name = withoutVersion(new String(r, 33, nameLen & ~1, StandardCharsets.UTF_16BE));
    } else {
      // As Linux shows plain ISO 9660 names (mount option map=normal).
      name = withoutVersion(new String(r, 33, nameLen, StandardCharsets.ISO_8859_1));
      if (name.endsWith(".")) {
        name = name.substring(0, name.length() - 1);
      }
      name = name.toLowerCase(Locale.ROOT);
    }
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      return null;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
        return null;
      }
    }
    return name;
  }

  private static String withoutVersion(String name) {
    int semi = name.lastIndexOf(';');
    return semi >= 0 ? name.substring(0, semi) : name;
  }

  private static String shown(String path) {
    return path.isEmpty() ? "/" : "/" + path;
  }
}
