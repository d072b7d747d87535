package dev.bootkeeper.api;

import dev.bootkeeper.inventory.InventoryDocument;
import dev.bootkeeper.inventory.InventoryTransfer;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Inventory as code: every profile and host as one JSON document, to keep in git and to import on
 * the same or another appliance. An import is one transaction: if any entry is wrong, nothing is
 * written and the error names the entry.
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
  public InventoryDocument.ImportResult importInventory(InventoryDocument in) {
    return transfer.importAll(in);
  }
}
