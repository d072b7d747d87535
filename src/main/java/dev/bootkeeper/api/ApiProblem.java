package dev.bootkeeper.api;

import jakarta.ws.rs.core.Response;

/**
 * An API error with an HTTP status and a message that says what was wrong, rendered as {@code
 * application/problem+json} (RFC 9457).
 */
public class ApiProblem extends RuntimeException {

  private final int status;

  public ApiProblem(int status, String detail) {
    super(detail);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public static ApiProblem badRequest(String detail) {
    return new ApiProblem(400, detail);
  }

  public static ApiProblem notFound(String detail) {
    return new ApiProblem(404, detail);
  }

  public static ApiProblem conflict(String detail) {
    return new ApiProblem(409, detail);
  }

  public static ApiProblem unauthorized(String detail) {
    return new ApiProblem(401, detail);
  }

  Response toResponse() {
    return Problems.response(status, getMessage());
  }
}
