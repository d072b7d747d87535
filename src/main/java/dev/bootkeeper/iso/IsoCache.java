package dev.bootkeeper.iso;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The parsed tree of each ISO, read once and kept while the file's size and modification time stay
 * the same: every TFTP block and HTTP range of a file inside an ISO looks its path up again. A
 * refusal is kept the same way, so a broken ISO is not re-read on every request. Many requests for
 * the same ISO at once share one read.
 */
public final class IsoCache {

  /** ISOs kept; each tree holds a few hundred bytes per name. */
  static final int MAX_ISOS = 64;

  private static final IsoCache SHARED = new IsoCache();

  private record Stamp(long size, long modified) {}

  private static final class Slot {
    Stamp stamp;
    IsoTree tree;
    String refusal;
  }

  private final Map<Path, Slot> slots = new ConcurrentHashMap<>();

  /** The one cache of the process: image roots come and go, the parsed trees stay. */
  public static IsoCache shared() {
    return SHARED;
  }

  /**
   * The tree of the ISO at {@code iso} (a real path, links resolved), or the reason it is refused.
   *
   * @throws IsoException the image is refused, or cannot be read now
   */
  public IsoTree tree(Path iso) throws IsoException {
    Stamp now = stamp(iso);
    Slot slot = slots.computeIfAbsent(iso, k -> new Slot());
    synchronized (slot) {
      if (!now.equals(slot.stamp)) {
        slot.tree = null;
        slot.refusal = null;
        try (FileChannel ch = FileChannel.open(iso, StandardOpenOption.READ)) {
          slot.tree = IsoReader.read(IsoSource.of(ch, now.size()));
        } catch (IsoException e) {
          slot.refusal = e.getMessage();
        } catch (IOException e) {
          // Not kept: the file may be readable on the next request.
          throw new IsoException("cannot read the ISO: " + e.getMessage());
        }
        slot.stamp = now;
        trim(iso);
      }
      if (slot.tree == null) {
        throw new IsoException(slot.refusal);
      }
      return slot.tree;
    }
  }

  private void trim(Path keep) {
    Iterator<Path> it = slots.keySet().iterator();
    while (slots.size() > MAX_ISOS && it.hasNext()) {
      Path p = it.next();
      if (!p.equals(keep)) {
        it.remove();
      }
    }
  }

  private static Stamp stamp(Path iso) throws IsoException {
    try {
      BasicFileAttributes a = Files.readAttributes(iso, BasicFileAttributes.class);
      return new Stamp(a.size(), a.lastModifiedTime().toMillis());
    } catch (IOException e) {
      throw new IsoException("cannot read the ISO: " + e.getMessage());
    }
  }
}
