package dev.bootkeeper.dashboard;

import dev.bootkeeper.dashboard.auth.CurrentUser;
import dev.bootkeeper.dashboard.auth.SeeOther;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What every dashboard page gets: the logged-in user (with the CSRF token the layout puts in a meta
 * tag and each form), the active menu entry, and a one-time message left by the previous action
 * (post, redirect, get: the message travels in a short-lived cookie).
 */
@ApplicationScoped
public class Ui {

  static final String FLASH = "bk_flash";

  private final CurrentUser current;
  private final CurrentVertxRequest request;

  public Ui(CurrentUser current, CurrentVertxRequest request) {
    this.current = current;
    this.request = request;
  }

  public TemplateInstance page(Template template, String nav) {
    return template
        .data("me", current.get())
        .data("nav", nav)
        .data("flash", takeFlash())
        .data("csrf", current.get() == null ? "" : current.get().csrfToken());
  }

  public String username() {
    return current.username();
  }

  /**
   * What a message quotes of a value the user typed: enough to recognise it, never a page of it.
   */
  static String shortened(String typed) {
    String t = typed.strip();
    return t.length() <= 40 ? t : t.substring(0, 40) + "…";
  }

  /** 303 to a page of the dashboard, with a message shown once there. */
  public static Response redirect(String location, String message) {
    Response.ResponseBuilder b = SeeOther.to(location);
    if (message != null) {
      b.cookie(
          new NewCookie.Builder(FLASH)
              .value(URLEncoder.encode(message, StandardCharsets.UTF_8))
              .path("/")
              .maxAge(60)
              .httpOnly(true)
              .sameSite(NewCookie.SameSite.LAX)
              .build());
    }
    return b.build();
  }

  private String takeFlash() {
    RoutingContext rc = request.getCurrent();
    if (rc == null) {
      return null;
    }
    Cookie c = rc.request().getCookie(FLASH);
    if (c == null) {
      return null;
    }
    rc.response().addCookie(Cookie.cookie(FLASH, "").setPath("/").setMaxAge(0));
    String text = URLDecoder.decode(c.getValue(), StandardCharsets.UTF_8);
    return text.length() > 500 ? text.substring(0, 500) : text;
  }
}
