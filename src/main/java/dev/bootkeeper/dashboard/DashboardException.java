package dev.bootkeeper.dashboard;

import dev.bootkeeper.inventory.InventoryException;

/** A request the dashboard cannot serve, shown as an error page with this status and message. */
public class DashboardException extends RuntimeException {

  private final int status;
  private final String title;

  public DashboardException(int status, String title, String message) {
    super(message);
    this.status = status;
    this.title = title;
  }

  public static DashboardException notFound(String message) {
    return new DashboardException(404, "Not found", message);
  }

  public static DashboardException badRequest(String message) {
    return new DashboardException(400, "That did not work", message);
  }

  /** What the inventory refused, worded as the dashboard's other messages are. */
  public static DashboardException of(InventoryException e) {
    String message = sentence(e.getMessage());
    return switch (e.kind()) {
      case NOT_FOUND -> notFound(message);
      case CONFLICT -> new DashboardException(409, "That did not work", message);
      case INVALID -> badRequest(message);
    };
  }

  /**
   * The inventory's messages are fragments (they also end up in JSON); on a page they read as a
   * sentence.
   */
  static String sentence(String s) {
    if (s == null || s.isEmpty()) {
      return s;
    }
    String t = Character.toUpperCase(s.charAt(0)) + s.substring(1);
    return t.endsWith(".") ? t : t + ".";
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }
}
