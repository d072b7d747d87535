package dev.bootkeeper.iso;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parsed tree of one ISO: its volume label, which names it uses, and every entry by its path
 * from the ISO's root ({@code sysresccd/boot/x86_64/vmlinuz}, no leading slash).
 */
public final class IsoTree {

  /** Which of the ISO's name sets the tree shows, best first. */
  public enum Naming {
    ROCK_RIDGE,
    JOLIET,
    ISO9660
  }

  /** Symbolic links followed for one path, as Linux's own limit of 40 is for a whole walk. */
  static final int MAX_LINK_HOPS = 16;

  private final String volumeLabel;
  private final Naming naming;
  private final Map<String, IsoEntry> entries;

  IsoTree(String volumeLabel, Naming naming, Map<String, IsoEntry> entries) {
    this.volumeLabel = volumeLabel;
    this.naming = naming;
    this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
  }

  /** The primary volume descriptor's volume identifier, trailing spaces removed. */
  public String volumeLabel() {
    return volumeLabel;
  }

  public Naming naming() {
    return naming;
  }

  /** Every entry by path, sorted. */
  public Map<String, IsoEntry> entries() {
    return entries;
  }

  /** The paths of the regular files, sorted. */
  public List<String> files() {
    List<String> out = new ArrayList<>();
    entries.forEach(
        (path, e) -> {
          if (e instanceof IsoEntry.File) {
            out.add(path);
          }
        });
    return out;
  }

  /**
   * Follows a normalised path ({@code a/b/c}, no {@code .} or {@code ..} segments) to a regular
   * file. Symbolic links are followed inside the image only: an absolute target starts at the ISO's
   * root, and a target that climbs above it is refused, as a path from a client would be.
   */
  public IsoLookup find(String path) {
    Deque<String> pending = new ArrayDeque<>(segments(path));
    List<String> at = new ArrayList<>();
    int hops = 0;
    while (!pending.isEmpty()) {
      String segment = pending.pollFirst();
      if (segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (at.isEmpty()) {
          return new IsoLookup.Refused("symlink leads out of the ISO");
        }
        at.remove(at.size() - 1);
        continue;
      }
      at.add(segment);
      IsoEntry entry = entries.get(String.join("/", at));
      if (entry == null) {
        return new IsoLookup.Missing();
      }
      if (entry instanceof IsoEntry.Symlink link) {
        if (++hops > MAX_LINK_HOPS) {
          return new IsoLookup.Refused("too many symbolic links");
        }
        at.remove(at.size() - 1);
        if (link.target().startsWith("/")) {
          at.clear();
        }
        List<String> target = segments(link.target());
        for (int i = target.size() - 1; i >= 0; i--) {
          pending.addFirst(target.get(i));
        }
      } else if (entry instanceof IsoEntry.File file) {
        return pending.isEmpty()
            ? new IsoLookup.Found(String.join("/", at), file)
            : new IsoLookup.Missing();
      } else if (entry instanceof IsoEntry.Unsupported u) {
        return pending.isEmpty() ? new IsoLookup.Refused(u.reason()) : new IsoLookup.Missing();
      }
    }
    // The root or a directory: not a file to serve.
    return new IsoLookup.Missing();
  }

  private static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }
}
