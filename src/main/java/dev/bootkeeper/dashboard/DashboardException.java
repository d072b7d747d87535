package dev.bootkeeper.dashboard;

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

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }
}
