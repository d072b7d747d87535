package dev.bootkeeper.dashboard;

import dev.bootkeeper.boot.LogText;
import dev.bootkeeper.dashboard.auth.DashboardGuard;
import dev.bootkeeper.dashboard.auth.LoginFormTokens;
import dev.bootkeeper.dashboard.auth.LoginThrottle;
import dev.bootkeeper.dashboard.auth.SeeOther;
import dev.bootkeeper.dashboard.auth.Sessions;
import dev.bootkeeper.inventory.Actor;
import dev.bootkeeper.inventory.AuditLog;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The login page. Its form is protected against login CSRF by a signed double-submit token ({@link
 * LoginFormTokens}); password guessing is slowed per client address and per user name ({@link
 * LoginThrottle}), and every failed or refused attempt is logged with where it came from.
 */
@Path("/login")
@Blocking
public class LoginResource {

  static final String LOGIN_COOKIE = "bk_login";

  private static final Logger LOG = Logger.getLogger(LoginResource.class);

  private final Template login;
  private final Sessions sessions;
  private final LoginFormTokens formTokens;
  private final LoginThrottle throttle;
  private final Actor actor;
  private final AuditLog audit;

  public LoginResource(
      @Location("login.html") Template login,
      Sessions sessions,
      LoginFormTokens formTokens,
      LoginThrottle throttle,
      Actor actor,
      AuditLog audit) {
    this.login = login;
    this.sessions = sessions;
    this.formTokens = formTokens;
    this.throttle = throttle;
    this.actor = actor;
    this.audit = audit;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  public Response page(@QueryParam("next") String next, @Context UriInfo uri) {
    return form(next, null, uri, 200);
  }

  @POST
  @Produces(MediaType.TEXT_HTML)
  public Response login(
      @FormParam("username") String username,
      @FormParam("password") String password,
      @FormParam("next") String next,
      @FormParam(DashboardGuard.CSRF_FIELD) String csrf,
      @CookieParam(LOGIN_COOKIE) String cookie,
      @Context UriInfo uri,
      @Context HttpServerRequest request) {
    if (!formTokens.valid(csrf, cookie)) {
      return form(next, "The login form expired. Please try again.", uri, 403);
    }
    String from = DashboardGuard.clientAddress(request);
    // Whoever tries a login is named by the user name typed, as far as the audit log goes.
    actor.user(username == null ? "" : username, from);
    Optional<Duration> wait = throttle.wait(from, username);
    if (wait.isPresent()) {
      long seconds = Math.max(1, wait.get().toSeconds());
      LOG.warnf(
          "login refused for user '%s' from %s: too many failed attempts (retry in %d s)",
          LogText.of(username), from, seconds);
      audit.recordAlone(
          "login-refused",
          AuditLog.SESSION,
          username,
          "too many failed attempts; retry in " + seconds + " s");
      return Response.fromResponse(
              form(
                  next, "Too many failed logins. Try again in " + minutes(seconds) + ".", uri, 429))
          .header("Retry-After", seconds)
          .build();
    }
    Optional<String> token = sessions.login(username, password);
    if (token.isEmpty()) {
      int failures = throttle.failed(from, username);
      LOG.warnf(
          "login failed for user '%s' from %s (%d failed in the last %d minutes from there)",
          LogText.of(username), from, failures, LoginThrottle.WINDOW.toMinutes());
      audit.recordAlone(
          "login-failed",
          AuditLog.SESSION,
          username,
          "wrong user name or password (" + failures + " failed from this address lately)");
      return form(next, "Wrong user name or password.", uri, 401);
    }
    throttle.succeeded(from, username);
    audit.recordAlone("login", AuditLog.SESSION, username, "logged in");
    return SeeOther.to(safeNext(next))
        .cookie(
            new NewCookie.Builder(Sessions.COOKIE)
                .value(token.get())
                .path("/")
                .maxAge((int) Math.min(Integer.MAX_VALUE, sessions.timeoutSeconds()))
                .httpOnly(true)
                .secure(isHttps(uri))
                .sameSite(NewCookie.SameSite.LAX)
                .build(),
            new NewCookie.Builder(LOGIN_COOKIE).value("").path("/login").maxAge(0).build())
        .build();
  }

  private Response form(String next, String error, UriInfo uri, int status) {
    LoginFormTokens.Issued token = formTokens.issue();
    String html =
        login
            .data("next", safeNext(next))
            .data("error", error)
            .data("csrf", token.field())
            .render();
    return Response.status(status)
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .entity(html)
        .cookie(
            new NewCookie.Builder(LOGIN_COOKIE)
                .value(token.cookie())
                .path("/login")
                .maxAge(3600)
                .httpOnly(true)
                .secure(isHttps(uri))
                .sameSite(NewCookie.SameSite.STRICT)
                .build())
        .build();
  }

  /** Only a path on this site: no scheme, no host, no "//evil" that browsers read as a host. */
  static String safeNext(String next) {
    if (next == null
        || !next.startsWith("/")
        || next.startsWith("//")
        || next.startsWith("/\\")
        || next.length() > 1000
        || next.chars().anyMatch(c -> c < 0x20)) {
      return "/";
    }
    return next;
  }

  private static String minutes(long seconds) {
    long m = (seconds + 59) / 60;
    return m <= 1 ? "a minute" : m + " minutes";
  }

  static boolean isHttps(UriInfo uri) {
    return "https".equalsIgnoreCase(uri.getRequestUri().getScheme());
  }
}
