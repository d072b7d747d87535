package dev.bootkeeper.api;

import dev.bootkeeper.inventory.Actor;
import dev.bootkeeper.store.TokenScope;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Changes through the API need {@code Authorization: Bearer <token>} of a token with the admin
 * scope; reads are open unless {@code bootkeeper.api.auth-reads=true}, except the audit log, which
 * always needs a token (it names people and their addresses). Machine-facing boot paths are outside
 * {@code /api} and never ask for a login: boot firmware cannot give one.
 */
public class ApiAuthFilter {

  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
  static final String AUDIT_PATH = "/api/v1/audit";

  private final ApiTokens tokens;
  private final ApiConfig config;
  private final Actor actor;

  public ApiAuthFilter(ApiTokens tokens, ApiConfig config, Actor actor) {
    this.tokens = tokens;
    this.config = config;
    this.actor = actor;
  }

  @ServerRequestFilter
  public Response authenticate(ContainerRequestContext request, HttpServerRequest http) {
    String path = request.getUriInfo().getPath();
    if (!path.startsWith("/api/")) {
      return null;
    }
    boolean read = READS.contains(request.getMethod());
    boolean audit = path.equals(AUDIT_PATH) || path.startsWith(AUDIT_PATH + "/");
    if (read && !config.authReads() && !audit) {
      return null;
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || header.isBlank()) {
      return Problems.response(
          401,
          (audit ? "reading the audit log" : read ? "reading" : "changing")
              + " needs an API token: send 'Authorization: Bearer <token>'");
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Problems.response(401, "the Authorization header must be 'Bearer <token>'");
    }
    Optional<ApiTokens.Holder> holder = tokens.holder(header.substring(7).trim());
    if (holder.isEmpty()) {
      return Problems.response(401, "the API token is not valid");
    }
    if (!read && holder.get().scope() != TokenScope.ADMIN) {
      return Problems.response(
          403,
          "the token '"
              + holder.get().name()
              + "' is "
              + holder.get().scope().id()
              + ": "
              + request.getMethod()
              + " changes things and needs a token with the admin scope");
    }
    actor.token(holder.get().name(), address(http));
    return null;
  }

  private static String address(HttpServerRequest http) {
    SocketAddress a = http == null ? null : http.remoteAddress();
    return a == null ? null : a.hostAddress();
  }
}
