package dev.bootkeeper.inventory;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The before/after summary of an audit entry, computed from the records the API reads and writes
 * ({@link HostData}, {@link ProfileData}), so that a field added to them is audited without anyone
 * remembering to. Time stamps the store keeps by itself are left out: they change on every save and
 * say nothing about what a person did.
 */
final class Changes {

  /** Values longer than this are cut: a 64 KiB template would drown the log. */
  static final int MAX_VALUE = 120;

  private static final Set<String> NOT_AUDITED =
      Set.of("createdAt", "updatedAt", "firstSeen", "lastSeen", "discovered");

  private Changes() {}

  /**
   * "field: before -> after; …" for the fields that differ; a created thing (before null) lists its
   * set fields, a deleted one (after null) what it was.
   */
  static String between(Record before, Record after) {
    Record shape = after != null ? after : before;
    if (shape == null) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (RecordComponent c : shape.getClass().getRecordComponents()) {
      if (NOT_AUDITED.contains(c.getName())) {
        continue;
      }
      Object was = before == null ? null : value(c, before);
      Object now = after == null ? null : value(c, after);
      if (Objects.equals(normal(was), normal(now))) {
        continue;
      }
      if (before == null) {
        parts.add(c.getName() + "=" + show(now));
      } else if (after == null) {
        parts.add(c.getName() + "=" + show(was));
      } else {
        parts.add(c.getName() + ": " + show(was) + " -> " + show(now));
      }
    }
    return parts.isEmpty() ? "no change" : String.join("; ", parts);
  }

  /** A value as the log shows it: one line, cut to {@link #MAX_VALUE} characters. */
  static String show(Object value) {
    if (normal(value) == null) {
      return "(none)";
    }
    String s = oneLine(value.toString());
    return s.length() > MAX_VALUE ? s.substring(0, MAX_VALUE) + "…" : s;
  }

  /** Line breaks of every kind and other control characters become spaces. */
  static String oneLine(String s) {
    return s.replaceAll("\\p{Cntrl}|[\\u0085\\u2028\\u2029]", " ");
  }

  /** An empty text, list or map is the same as none: the API treats them alike. */
  private static Object normal(Object v) {
    if (v instanceof String s && s.isEmpty()
        || v instanceof java.util.Collection<?> c && c.isEmpty()
        || v instanceof java.util.Map<?, ?> m && m.isEmpty()) {
      return null;
    }
    return v;
  }

  private static Object value(RecordComponent c, Record r) {
    try {
      return c.getAccessor().invoke(r);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + c.getName(), e);
    }
  }
}
