package dev.bootkeeper.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Changes through the API need {@code Authorization: Bearer <token>}; reads are open unless {@code
 * bootkeeper.api.auth-reads=true}. Machine-facing boot paths are outside {@code /api} and never ask
 * for a login: boot firmware cannot give one.
 */
public class ApiAuthFilter {

  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  private final ApiTokens tokens;
  private final ApiConfig config;

  public ApiAuthFilter(ApiTokens tokens, ApiConfig config) {
    this.tokens = tokens;
    this.config = config;
  }

  @ServerRequestFilter
  public Response authenticate(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!path.startsWith("/api/")) {
      return null;
    }
    boolean read = READS.contains(request.getMethod());
    if (read && !config.authReads()) {
      return null;
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || header.isBlank()) {
      return Problems.response(
          401,
          (read ? "reading" : "changing")
              + " needs an API token: send 'Authorization: Bearer <token>'");
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Problems.response(401, "the Authorization header must be 'Bearer <token>'");
    }
    if (!tokens.accepts(header.substring(7).trim())) {
      return Problems.response(401, "the API token is not valid");
    }
    return null;
  }
}
