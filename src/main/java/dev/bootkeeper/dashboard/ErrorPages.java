package dev.bootkeeper.dashboard;

import dev.bootkeeper.dashboard.auth.CurrentUser;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Error pages in the dashboard's own look, for people rather than programs. */
@ApplicationScoped
public class ErrorPages {

  private final Template template;
  private final CurrentUser current;

  public ErrorPages(@Location("error.html") Template template, CurrentUser current) {
    this.template = template;
    this.current = current;
  }

  public Response page(DashboardException e) {
    return page(e.status(), e.title(), e.getMessage());
  }

  public Response page(int status, String title, String message) {
    String html =
        template
            .data("me", current.get())
            .data("nav", "")
            .data("flash", null)
            .data("csrf", current.get() == null ? "" : current.get().csrfToken())
            .data("status", status)
            .data("title", title)
            .data("message", message)
            .render();
    return Response.status(status)
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .entity(html)
        .build();
  }
}
