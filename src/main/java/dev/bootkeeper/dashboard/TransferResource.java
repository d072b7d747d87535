package dev.bootkeeper.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bootkeeper.dashboard.auth.CsrfChecked;
import dev.bootkeeper.dashboard.auth.DashboardPage;
import dev.bootkeeper.inventory.HostCsv;
import dev.bootkeeper.inventory.HostService;
import dev.bootkeeper.inventory.InventoryDocument;
import dev.bootkeeper.inventory.InventoryException;
import dev.bootkeeper.inventory.InventoryTransfer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Hosts from a CSV file and the whole inventory as a JSON document, in and out, from the browser:
 * what the API's import endpoints do, with a preview first. A preview runs the same checks as the
 * import and writes nothing; an import is all or nothing.
 */
@Path("/inventory")
@TemplateData(target = HostService.LinePreview.class)
@TemplateData(target = InventoryDocument.ImportResult.class)
@DashboardPage
@CsrfChecked
@Blocking
public class TransferResource {

  /**
   * A pasted or chosen file larger than this is refused before it is parsed (the form field limit,
   * quarkus.http.limits.max-form-attribute-size, is 4M; larger imports go through the API).
   */
  static final int MAX_TEXT = 4 * 1024 * 1024 - 1024;

  private final Template page;
  private final Ui ui;
  private final HostService hosts;
  private final InventoryTransfer transfer;
  private final ObjectMapper json;

  public TransferResource(
      @Location("inventory.html") Template page,
      Ui ui,
      HostService hosts,
      InventoryTransfer transfer,
      ObjectMapper json) {
    this.page = page;
    this.ui = ui;
    this.hosts = hosts;
    this.transfer = transfer;
    this.json = json;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  public TemplateInstance get() {
    return page().data("csv", "").data("document", "");
  }

  /** The inventory as a JSON file, named after the day, as the API's export returns it. */
  @GET
  @Path("/export")
  @Produces(MediaType.APPLICATION_JSON)
  public Response export() throws JsonProcessingException {
    String body = json.writerWithDefaultPrettyPrinter().writeValueAsString(transfer.export());
    return Response.ok(body, MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
        .header(
            "Content-Disposition",
            "attachment; filename=\"bootkeeper-inventory-"
                + LocalDate.now(ZoneOffset.UTC)
                + ".json\"")
        .build();
  }

  /** {@code action=preview} shows what each line would do; {@code action=import} writes. */
  @POST
  @Path("/csv")
  @Produces(MediaType.TEXT_HTML)
  public Response csv(@FormParam("csv") String csv, @FormParam("action") String action) {
    String text = csv == null ? "" : csv;
    TemplateInstance t = page().data("csv", text).data("document", "");
    try {
      tooLarge(text);
      List<HostService.CsvLine> lines = HostCsv.lines(text);
      if ("import".equals(action)) {
        HostService.ImportCount n = hosts.importCsv(lines);
        return Ui.redirect(
            "/hosts",
            "Imported the CSV: " + n.created() + " host(s) added, " + n.updated() + " updated.");
      }
      List<HostService.LinePreview> preview = hosts.previewCsv(lines);
      long errors = preview.stream().filter(p -> p.error() != null).count();
      return ok(t.data("csvPreview", preview).data("csvErrors", errors));
    } catch (InventoryException | DashboardException e) {
      return refused(t.data("csvError", DashboardException.sentence(e.getMessage())), e);
    }
  }

  /** Preview or import an inventory document (the API's export format). */
  @POST
  @Path("/import")
  @Produces(MediaType.TEXT_HTML)
  public Response importDocument(
      @FormParam("document") String document, @FormParam("action") String action) {
    String text = document == null ? "" : document;
    TemplateInstance t = page().data("csv", "").data("document", text);
    try {
      tooLarge(text);
      InventoryDocument doc = parse(text);
      if ("import".equals(action)) {
        InventoryDocument.ImportResult r = transfer.importAll(doc);
        return Ui.redirect("/profiles", "Imported the inventory: " + summary(r) + ".");
      }
      InventoryDocument.ImportResult r = transfer.dryRun(doc);
      return ok(t.data("docPreview", "Importing this document would " + summary(r) + "."));
    } catch (InventoryException | DashboardException e) {
      return refused(t.data("docError", DashboardException.sentence(e.getMessage())), e);
    }
  }

  private InventoryDocument parse(String text) {
    if (text.isBlank()) {
      throw DashboardException.badRequest("Paste an inventory document or choose its file.");
    }
    try {
      return json.readValue(text, InventoryDocument.class);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw DashboardException.badRequest(
          "This is not an inventory document (JSON)" + where + ": " + e.getOriginalMessage());
    }
  }

  static String summary(InventoryDocument.ImportResult r) {
    return "add "
        + r.profilesCreated()
        + " profile(s) and replace "
        + r.profilesUpdated()
        + ", add "
        + r.hostsCreated()
        + " host(s) and replace "
        + r.hostsUpdated();
  }

  private static void tooLarge(String text) {
    if (text.length() > MAX_TEXT) {
      throw DashboardException.badRequest(
          "At most 4 MB at once from the dashboard; import larger files through the API.");
    }
  }

  private TemplateInstance page() {
    return ui.page(page, "hosts")
        .data("csvPreview", null)
        .data("csvErrors", 0L)
        .data("csvError", null)
        .data("docPreview", null)
        .data("docError", null);
  }

  private static Response ok(TemplateInstance t) {
    return Response.ok(t.render(), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
  }

  private static Response refused(TemplateInstance t, RuntimeException e) {
    int status =
        e instanceof InventoryException ie
            ? DashboardException.of(ie).status()
            : ((DashboardException) e).status();
    return Response.status(status)
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .entity(t.render())
        .build();
  }
}
