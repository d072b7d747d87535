package dev.bootkeeper.api;

import dev.bootkeeper.inventory.InventoryDocument;
import dev.bootkeeper.inventory.InventoryException;
import dev.bootkeeper.inventory.InventoryTransfer;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * Inventory as code: profiles, hosts, the default profile, DHCP settings, user names and roles and
 * token names as one JSON document, to keep in git and to import on the same or another appliance.
 * An import is one transaction: if any entry is wrong, nothing is written and the error names the
 * entry. {@code mode=merge} (the default) creates and updates; {@code mode=replace} also deletes
 * what the document lacks, and {@code dryRun=true} lists what a replace would change.
 */
@Path("/api/v1/inventory")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InventoryResource {

  private final InventoryTransfer transfer;

  public InventoryResource(InventoryTransfer transfer) {
    this.transfer = transfer;
  }

  @GET
  public InventoryDocument export() {
    return transfer.export();
  }

  @POST
  public Object importInventory(
      InventoryDocument in,
      @QueryParam("mode") @DefaultValue("merge") String mode,
      @QueryParam("dryRun") @DefaultValue("false") boolean dryRun,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    return switch (mode) {
      case "merge" -> {
        if (dryRun) {
          throw InventoryException.invalid("dryRun=true is for mode=replace");
        }
        yield transfer.importAll(in);
      }
      case "replace" -> transfer.replace(in, caller(authorization), dryRun);
      default ->
          throw InventoryException.invalid("mode must be merge or replace, not '" + mode + "'");
    };
  }

  /** The stored token this request is made with, which a replace must not delete. */
  private static InventoryTransfer.Caller caller(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return InventoryTransfer.Caller.NONE;
    }
    return new InventoryTransfer.Caller(ApiTokens.hashHex(authorization.substring(7).trim()), null);
  }
}
