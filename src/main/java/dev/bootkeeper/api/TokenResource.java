package dev.bootkeeper.api;

import dev.bootkeeper.inventory.Fields;
import dev.bootkeeper.store.ApiToken;
import io.quarkus.panache.common.Sort;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.List;

/** API tokens: created here, shown once, stored only as hashes. */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TokenResource {

  public record TokenRequest(String name) {}

  public record TokenInfo(String name, OffsetDateTime createdAt) {}

  public record NewToken(String name, String token) {}

  @GET
  public List<TokenInfo> list() {
    return ApiToken.<ApiToken>listAll(Sort.by("name")).stream()
        .map(t -> new TokenInfo(t.name, t.createdAt))
        .toList();
  }

  @POST
  @Transactional
  public Response create(TokenRequest in) {
    String name = Fields.name("name", in == null ? null : in.name());
    if (ApiToken.count("name", name) > 0) {
      throw ApiProblem.conflict("a token named '" + name + "' already exists");
    }
    String token = ApiTokens.newToken();
    ApiToken t = new ApiToken();
    t.name = name;
    t.tokenHash = ApiTokens.hashHex(token);
    t.persist();
    return Response.status(201).entity(new NewToken(name, token)).build();
  }

  @DELETE
  @Path("/{name}")
  @Transactional
  public Response delete(@PathParam("name") String name) {
    long n = ApiToken.delete("name", name);
    if (n == 0) {
      throw ApiProblem.notFound("no token named '" + name + "'");
    }
    return Response.noContent().build();
  }
}
