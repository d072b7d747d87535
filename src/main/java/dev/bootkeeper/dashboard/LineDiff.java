package dev.bootkeeper.dashboard;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff (longest common subsequence) of two short texts such as profile snapshots. Texts over
 * {@link #MAX_LINES} lines are compared as "everything removed, everything added" rather than
 * spending quadratic memory.
 */
public final class LineDiff {

  static final int MAX_LINES = 2000;

  public enum Op {
    SAME,
    ADDED,
    REMOVED
  }

  @io.quarkus.qute.TemplateData
  public record Line(Op op, String text) {
    public String css() {
      return switch (op) {
        case SAME -> "same";
        case ADDED -> "added";
        case REMOVED -> "removed";
      };
    }

    public String marker() {
      return switch (op) {
        case SAME -> " ";
        case ADDED -> "+";
        case REMOVED -> "-";
      };
    }
  }

  private LineDiff() {}

  public static List<Line> diff(String before, String after) {
    String[] a = lines(before);
    String[] b = lines(after);
    List<Line> out = new ArrayList<>();
    if (a.length > MAX_LINES || b.length > MAX_LINES) {
      for (String s : a) {
        out.add(new Line(Op.REMOVED, s));
      }
      for (String s : b) {
        out.add(new Line(Op.ADDED, s));
      }
      return out;
    }
    int[][] lcs = new int[a.length + 1][b.length + 1];
    for (int i = a.length - 1; i >= 0; i--) {
      for (int j = b.length - 1; j >= 0; j--) {
        lcs[i][j] =
            a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    while (i < a.length && j < b.length) {
      if (a[i].equals(b[j])) {
        out.add(new Line(Op.SAME, a[i]));
        i++;
        j++;
      } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
        out.add(new Line(Op.REMOVED, a[i++]));
      } else {
        out.add(new Line(Op.ADDED, b[j++]));
      }
    }
    while (i < a.length) {
      out.add(new Line(Op.REMOVED, a[i++]));
    }
    while (j < b.length) {
      out.add(new Line(Op.ADDED, b[j++]));
    }
    return out;
  }

  public static boolean changed(List<Line> diff) {
    return diff.stream().anyMatch(l -> l.op() != Op.SAME);
  }

  private static String[] lines(String text) {
    if (text == null || text.isEmpty()) {
      return new String[0];
    }
    return text.replace("\r\n", "\n").split("\n", -1);
  }
}
