package dev.bootkeeper.dashboard;

import dev.bootkeeper.boot.BootEvent;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Renders a boot event as the table row the live view appends. A bean of its own, without the
 * dashboard's interceptors: it runs on the protocol servers' threads (TFTP, DHCP, NBD, HTTP
 * workers), where no request is active, and an intercepted resource method called from there (the
 * CSRF check reads the current request) failed for every event, so the live view stayed empty.
 */
@ApplicationScoped
public class LiveEventRows {

  private final Template row;

  public LiveEventRows(@Location("event-row.html") Template row) {
    this.row = row;
  }

  /** One event as the row the page shows; on one line, as an SSE data field wants. */
  public String render(BootEvent e) {
    return row.data("e", EventRow.of(e)).render().replace("\r", "").replace("\n", "");
  }
}
