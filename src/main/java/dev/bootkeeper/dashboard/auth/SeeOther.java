package dev.bootkeeper.dashboard.auth;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * A 303 redirect to a path of this site, sent as a relative {@code Location} (RFC 9110 §10.2.2
 * allows it). JAX-RS's {@code Response.seeOther} would make it absolute from the request's {@code
 * Host} header, which any client can set: a forged Host would send the browser elsewhere, and
 * behind a proxy the appliance's own name is not what people typed.
 */
public final class SeeOther {

  private SeeOther() {}

  /**
   * @param path a path starting with a single "/"
   */
  public static Response.ResponseBuilder to(String path) {
    if (!path.startsWith("/") || path.startsWith("//")) {
      throw new IllegalArgumentException("not a path of this site: " + path);
    }
    return Response.status(Response.Status.SEE_OTHER).header(HttpHeaders.LOCATION, path);
  }
}
