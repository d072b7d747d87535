package dev.bootkeeper.dashboard;

import dev.bootkeeper.dashboard.auth.DashboardGuard;
import dev.bootkeeper.dashboard.auth.Sessions;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.common.annotation.Blocking;
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
import java.net.URI;
import java.util.Optional;

/**
 * The login page. Its form is protected against login CSRF by a double-submit token: a random value
 * in a cookie that must come back in the form.
 */
@Path("/login")
@Blocking
public class LoginResource {

  static final String LOGIN_COOKIE = "bk_login";

  private final Template login;
  private final Sessions sessions;

  public LoginResource(@Location("login.html") Template login, Sessions sessions) {
    this.login = login;
    this.sessions = sessions;
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
      @Context UriInfo uri) {
    if (cookie == null || !DashboardGuard.matchesToken(csrf, cookie)) {
      return form(next, "The login form expired. Please try again.", uri, 403);
    }
    Optional<String> token = sessions.login(username, password);
    if (token.isEmpty()) {
      return form(next, "Wrong user name or password.", uri, 401);
    }
    return Response.seeOther(URI.create(safeNext(next)))
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
    String token = Sessions.randomToken();
    String html =
        login.data("next", safeNext(next)).data("error", error).data("csrf", token).render();
    return Response.status(status)
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .entity(html)
        .cookie(
            new NewCookie.Builder(LOGIN_COOKIE)
                .value(token)
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

  static boolean isHttps(UriInfo uri) {
    return "https".equalsIgnoreCase(uri.getRequestUri().getScheme());
  }
}
