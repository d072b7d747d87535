package dev.bootkeeper.dashboard;

import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps {@link DashboardException} to an HTML error page. */
public class DashboardErrors {

  private final ErrorPages pages;

  public DashboardErrors(ErrorPages pages) {
    this.pages = pages;
  }

  @ServerExceptionMapper
  public Response dashboard(DashboardException e) {
    return pages.page(e);
  }
}
