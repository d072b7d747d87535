package dev.bootkeeper.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.bootkeeper.boot.ConfigRenderException;
import dev.bootkeeper.inventory.InventoryException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error the API returns is problem+json with a message a person can act on. */
public class Problems {

  public static final String MEDIA_TYPE = "application/problem+json";
  private static final Logger LOG = Logger.getLogger(Problems.class);

  static Response response(int status, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put(
        "title",
        Response.Status.fromStatusCode(status) == null
            ? "Error"
            : Response.Status.fromStatusCode(status).getReasonPhrase());
    body.put("status", status);
    body.put("detail", detail);
    Response.ResponseBuilder b = Response.status(status).type(MEDIA_TYPE).entity(body);
    if (status == 401) {
      b.header("WWW-Authenticate", "Bearer realm=\"bootkeeper\"");
    }
    return b.build();
  }

  @ServerExceptionMapper
  public Response problem(ApiProblem e) {
    return e.toResponse();
  }

  @ServerExceptionMapper
  public Response refused(InventoryException e) {
    int status =
        switch (e.kind()) {
          case NOT_FOUND -> 404;
          case CONFLICT -> 409;
          case INVALID -> 400;
        };
    return response(status, e.getMessage());
  }

  /**
   * A preview of a profile that cannot be rendered (stored before its template was checked at
   * save). Reading the API needs no token, so the answer does not repeat the template engine's
   * words; the log has them, in one line.
   */
  @ServerExceptionMapper
  public Response unrenderable(ConfigRenderException e) {
    LOG.warnf("preview not rendered: %s", e.getMessage());
    return response(
        500,
        "this config cannot be rendered: its custom template fails or is too large (see the log)");
  }

  @ServerExceptionMapper
  public Response badJson(JsonProcessingException e) {
    return response(
        400, "the request body is not valid JSON for this call: " + e.getOriginalMessage());
  }

  @ServerExceptionMapper
  public Response invalid(IllegalArgumentException e) {
    return response(400, e.getMessage());
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      LOG.error("request failed", e);
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (status == 404 && message.startsWith("HTTP 404")) {
      message = "no such resource";
    } else if (status == 405) {
      message = "this method is not allowed on this resource";
    } else if (status == 415) {
      message = "unsupported content type: send application/json";
    }
    return response(status, message);
  }
}
