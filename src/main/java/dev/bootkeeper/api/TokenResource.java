package dev.bootkeeper.api;

import dev.bootkeeper.inventory.TokenService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** API tokens: created here with a scope, shown once, stored only as hashes. */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TokenResource {

  /**
   * @param scope {@code read-only} or {@code admin} (the default)
   */
  public record TokenRequest(String name, String scope) {}

  private final TokenService tokens;

  public TokenResource(TokenService tokens) {
    this.tokens = tokens;
  }

  @GET
  public List<TokenService.Info> list() {
    return tokens.list();
  }

  @POST
  public Response create(TokenRequest in) {
    TokenService.Issued issued =
        tokens.create(in == null ? null : in.name(), in == null ? null : in.scope());
    return Response.status(201).entity(issued).build();
  }

  @DELETE
  @Path("/{name}")
  public Response delete(@PathParam("name") String name) {
    tokens.revoke(name);
    return Response.noContent().build();
  }
}
