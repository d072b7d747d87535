package dev.bootkeeper.dashboard;

import static dev.bootkeeper.dashboard.DashboardTestSupport.admin;
import static dev.bootkeeper.dashboard.DashboardTestSupport.unique;
import static dev.bootkeeper.dashboard.DashboardTestSupport.uniqueMac;
import static dev.bootkeeper.dashboard.DashboardTestSupport.viewer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.store.Host;
import dev.bootkeeper.store.Profile;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** CSV host import and the inventory document, previewed then imported, from the dashboard. */
@QuarkusTest
class TransferPageTest {

  @Test
  void aCsvPreviewShowsEachLineAndWritesNothing() {
    String existing = uniqueMac();
    String fresh = uniqueMac();
    admin().form().formParam("mac", existing).formParam("hostname", "old").post("/hosts/new");
    String csv =
        "mac,hostname,labels\n"
            + existing
            + ",renamed,rack=a1\n"
            + fresh
            + ",brand-new,\n"
            + "not-a-mac,x,\n"
            + fresh
            + ",twice,\n";
    admin()
        .form()
        .formParam("csv", csv)
        .formParam("action", "preview")
        .post("/inventory/csv")
        .then()
        .statusCode(200)
        .body(containsString("2 line(s) with errors: nothing would be imported"))
        .body(containsString("changes hostname, labels"))
        .body(containsString(">add<"))
        .body(containsString("is not a MAC address"))
        .body(containsString("MAC " + fresh + " appears twice"))
        .body(containsString("brand-new"));
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              assertEquals("old", Host.byMac(existing).orElseThrow().hostname);
              assertTrue(Host.byMac(fresh).isEmpty(), "a preview writes nothing");
            });
  }

  @Test
  void aCsvImportWritesEveryLineOrNone() {
    String a = uniqueMac();
    String b = uniqueMac();
    admin()
        .form()
        .formParam("csv", "mac,hostname\n" + a + ",good\n" + b + ",bad_name!\n")
        .formParam("action", "import")
        .post("/inventory/csv")
        .then()
        .statusCode(400)
        .body(containsString("CSV line 3: hostname"))
        .body(containsString("bad_name!"));
    QuarkusTransaction.requiringNew().run(() -> assertTrue(Host.byMac(a).isEmpty()));
    admin()
        .form()
        .formParam("csv", "mac,hostname,profile\n" + a + ",good-a,local-disk\n" + b + ",good-b,\n")
        .formParam("action", "import")
        .post("/inventory/csv")
        .then()
        .statusCode(303)
        .cookie("bk_flash", containsString("2+host%28s%29+added"));
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              assertEquals("good-a", Host.byMac(a).orElseThrow().hostname);
              assertEquals("local-disk", Host.byMac(a).orElseThrow().profile.name);
            });
  }

  @Test
  void aBadHeaderIsExplained() {
    admin()
        .form()
        .formParam("csv", "mac,colour\n02:00:00:00:00:01,blue\n")
        .formParam("action", "preview")
        .post("/inventory/csv")
        .then()
        .statusCode(400)
        .body(containsString("unknown column &#39;colour&#39;"))
        .body(containsString("mac,colour"));
  }

  @Test
  void theInventoryIsExportedThenPreviewedAndImported() {
    String export =
        admin()
            .get()
            .get("/inventory/export")
            .then()
            .statusCode(200)
            .header("Content-Disposition", containsString("bootkeeper-inventory-"))
            .extract()
            .asString();
    assertTrue(export.contains("\"format\" : \"bootkeeper-inventory\""), export);
    String name = unique("imported");
    String doc =
        "{\"format\":\"bootkeeper-inventory\",\"version\":1,\"profiles\":[{\"name\":\""
            + name
            + "\",\"kind\":\"local\"}],\"hosts\":[]}";
    admin()
        .form()
        .formParam("document", doc)
        .formParam("action", "preview")
        .post("/inventory/import")
        .then()
        .statusCode(200)
        .body(containsString("Importing this document would add 1 profile(s) and replace 0"));
    QuarkusTransaction.requiringNew().run(() -> assertTrue(Profile.byName(name).isEmpty()));
    admin()
        .form()
        .formParam("document", doc)
        .formParam("action", "import")
        .post("/inventory/import")
        .then()
        .statusCode(303);
    QuarkusTransaction.requiringNew().run(() -> assertTrue(Profile.byName(name).isPresent()));
  }

  @Test
  void aBrokenDocumentIsRefusedWithWhereAndKeepsTheText() {
    admin()
        .form()
        .formParam("document", "{\"format\": \"bootkeeper-inventory\",\n \"version\": }")
        .formParam("action", "preview")
        .post("/inventory/import")
        .then()
        .statusCode(400)
        .body(containsString("is not an inventory document (JSON) at line 2"))
        .body(containsString("&quot;version&quot;: }"));
    admin()
        .form()
        .formParam("document", "{\"format\": \"something-else\"}")
        .formParam("action", "preview")
        .post("/inventory/import")
        .then()
        .statusCode(400)
        .body(containsString("Not an inventory document: &#39;format&#39; must be"));
  }

  @Test
  void aViewerMayExportButNotImport() {
    viewer()
        .get()
        .get("/inventory")
        .then()
        .statusCode(200)
        .body(containsString("/inventory/export"))
        .body(not(containsString("action=\"/inventory/csv\"")))
        .body(not(containsString("action=\"/inventory/import\"")));
    viewer()
        .form()
        .formParam("csv", "mac\n" + uniqueMac() + "\n")
        .formParam("action", "import")
        .post("/inventory/csv")
        .then()
        .statusCode(403);
  }
}
