package dev.bootkeeper.dashboard.auth;

import dev.bootkeeper.dashboard.ErrorPages;
import dev.bootkeeper.inventory.Actor;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Login, roles and CSRF for the dashboard's resources (those marked {@link DashboardPage}). The
 * REST API keeps its bearer tokens; the machine-facing paths never ask for anything.
 *
 * <p>This filter runs before the body is read, so an anonymous or viewer upload is refused without
 * reading it. The CSRF token of a plain HTML form is in its body: {@link CsrfCheck} checks it once
 * the form is parsed; htmx and the upload script send it in {@code X-CSRF-Token}, checked here.
 */
public class DashboardGuard {

  public static final String CSRF_FIELD = "_csrf";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  private final Sessions sessions;
  private final CurrentUser current;
  private final ErrorPages errors;
  private final Actor actor;

  public DashboardGuard(Sessions sessions, CurrentUser current, ErrorPages errors, Actor actor) {
    this.sessions = sessions;
    this.current = current;
    this.errors = errors;
    this.actor = actor;
  }

  @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
  public Response authenticate(
      ContainerRequestContext request, ResourceInfo resource, HttpServerRequest http) {
    if (!guarded(resource)) {
      return null;
    }
    Cookie cookie = request.getCookies().get(Sessions.COOKIE);
    Optional<SessionInfo> session =
        cookie == null ? Optional.empty() : sessions.lookup(cookie.getValue());
    if (session.isEmpty()) {
      return toLogin(request);
    }
    current.set(session.get());
    actor.user(session.get().username(), clientAddress(http));
    boolean read = READS.contains(request.getMethod());
    if (!read
        && !session.get().admin()
        && !resource.getResourceMethod().isAnnotationPresent(AnyRole.class)) {
      return errors.page(
          403,
          "Only an admin can change this",
          "You are logged in as '"
              + session.get().username()
              + "', a viewer: you can look at everything, but changes need an admin.");
    }
    // htmx and the upload script send the token as a header; plain forms send it in their body,
    // which CsrfCheck reads once the form is parsed.
    String header = request.getHeaderString(CSRF_HEADER);
    if (!read && header != null) {
      if (!matchesToken(header, session.get().csrfToken())) {
        return csrfRefused();
      }
      current.csrfVerified();
    }
    return null;
  }

  Response csrfRefused() {
    return errors.page(
        403,
        "This form has expired",
        "The request did not carry this session's security token, so it was refused. Reload the"
            + " page and try again.");
  }

  public static boolean matchesToken(String sent, String expected) {
    return sent != null
        && MessageDigest.isEqual(
            sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  /** The client's address, as Vert.x sees it (behind a trusted proxy: the forwarded one). */
  public static String clientAddress(HttpServerRequest http) {
    SocketAddress a = http == null ? null : http.remoteAddress();
    return a == null || a.hostAddress() == null ? "unknown" : a.hostAddress();
  }

  private static boolean guarded(ResourceInfo resource) {
    Class<?> c = resource == null ? null : resource.getResourceClass();
    return c != null && c.isAnnotationPresent(DashboardPage.class);
  }

  private static Response toLogin(ContainerRequestContext request) {
    if (request.getHeaderString("HX-Request") != null) {
      // htmx swaps a redirect's target into the page; HX-Redirect makes it load the login page.
      return Response.status(401).header("HX-Redirect", "/login").build();
    }
    String target = "/login";
    if (READS.contains(request.getMethod())) {
      URI uri = request.getUriInfo().getRequestUri();
      String next = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      if (!next.equals("/")) {
        target += "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
      }
    }
    return SeeOther.to(target).build();
  }
}
