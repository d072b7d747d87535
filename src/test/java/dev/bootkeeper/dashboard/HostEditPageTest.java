package dev.bootkeeper.dashboard;

import static dev.bootkeeper.dashboard.DashboardTestSupport.admin;
import static dev.bootkeeper.dashboard.DashboardTestSupport.uniqueMac;
import static dev.bootkeeper.dashboard.DashboardTestSupport.viewer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.BootRequest;
import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.store.Host;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Adding, editing, adopting and deleting hosts from the dashboard, as an admin and a viewer. */
@QuarkusTest
class HostEditPageTest {

  @Inject BootService boot;

  static Optional<Host> stored(String mac) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                Host.byMac(mac)
                    .map(
                        h -> {
                          h.labels.size();
                          return h;
                        }));
  }

  @Test
  void addsAHostWithEveryFieldThenEditsIt() {
    String mac = uniqueMac();
    String name = DashboardTestSupport.unique("node");
    admin()
        .get()
        .get("/hosts/new?mac=" + mac)
        .then()
        .statusCode(200)
        .body(containsString("id=\"host-form\""))
        .body(containsString("value=\"" + mac + "\""));
    admin()
        .form()
        .formParam("mac", mac.toUpperCase().replace(':', '-'))
        .formParam("hostname", name)
        .formParam("labels", "rack=a1\nrole=worker")
        .formParam("profile", "local-disk")
        .formParam("ip", "")
        .formParam("uuid", "4c4c4544-0042-3010-8056-b4c04f4e3732")
        .formParam("notes", "bay 3")
        .post("/hosts/new")
        .then()
        .statusCode(303)
        .header("Location", containsString("/hosts/" + mac));
    Host h = stored(mac).orElseThrow();
    assertEquals(name, h.hostname);
    assertEquals(Map.of("rack", "a1", "role", "worker"), h.labels);
    assertEquals("4c4c4544-0042-3010-8056-b4c04f4e3732", h.uuid);
    assertEquals("bay 3", h.notes);
    assertFalse(h.discovered);

    admin()
        .get()
        .get("/hosts/" + mac)
        .then()
        .statusCode(200)
        .body(containsString("action=\"/hosts/" + mac + "/edit\""))
        .body(containsString("value=\"" + name + "\""))
        .body(containsString("rack=a1\nrole=worker"))
        .body(containsString("action=\"/hosts/" + mac + "/delete\""))
        .body(containsString("data-confirm=\"Delete the host " + mac));

    admin()
        .form()
        .formParam("hostname", name + "-b")
        .formParam("labels", "rack=b2")
        .formParam("profile", "")
        .formParam("ip", "")
        .formParam("uuid", "")
        .formParam("notes", "")
        .post("/hosts/" + mac + "/edit")
        .then()
        .statusCode(303);
    h = stored(mac).orElseThrow();
    assertEquals(name + "-b", h.hostname);
    assertEquals(Map.of("rack", "b2"), h.labels);
    assertNull(h.profile);
    assertNull(h.uuid);
    assertNull(h.notes);
  }

  @Test
  void aRefusedFormComesBackWithTheMessageAndWhatWasTyped() {
    String mac = uniqueMac();
    admin()
        .form()
        .formParam("mac", mac)
        .formParam("hostname", "good-name")
        .formParam("labels", "rack=a1")
        .formParam("ip", "198.18.300.1")
        .formParam("notes", "typed notes")
        .post("/hosts/new")
        .then()
        .statusCode(400)
        .body(containsString("id=\"form-error\""))
        .body(containsString("198.18.300.1"))
        .body(containsString("value=\"good-name\""))
        .body(containsString("typed notes"))
        .body(containsString("value=\"" + mac + "\""));
    assertTrue(stored(mac).isEmpty(), "nothing is written");

    admin()
        .form()
        .formParam("mac", mac)
        .formParam("labels", "no equals sign")
        .post("/hosts/new")
        .then()
        .statusCode(400)
        .body(containsString("Label &#39;no equals sign&#39; must be key=value"));

    admin()
        .form()
        .formParam("mac", "zz:zz")
        .post("/hosts/new")
        .then()
        .statusCode(400)
        .body(containsString("is not a MAC address"))
        .body(containsString("value=\"zz:zz\""));
  }

  @Test
  void aKnownMacIsNotOverwrittenByAdd() {
    String mac = uniqueMac();
    admin().form().formParam("mac", mac).formParam("hostname", "first").post("/hosts/new");
    admin()
        .form()
        .formParam("mac", mac)
        .formParam("hostname", "second")
        .post("/hosts/new")
        .then()
        .statusCode(409)
        .body(containsString("exists already"))
        .body(containsString("value=\"second\""));
    assertEquals("first", stored(mac).orElseThrow().hostname);
  }

  @Test
  void aReservedAddressTakenByAnotherHostIsRefusedOnEdit() {
    String a = uniqueMac();
    String b = uniqueMac();
    admin().form().formParam("mac", a).formParam("ip", "198.18.77.10").post("/hosts/new");
    admin().form().formParam("mac", b).post("/hosts/new");
    admin()
        .form()
        .formParam("hostname", "kept")
        .formParam("ip", "198.18.77.10")
        .post("/hosts/" + b + "/edit")
        .then()
        .statusCode(409)
        .body(containsString("already reserved for " + a))
        .body(containsString("value=\"kept\""));
    assertNull(stored(b).orElseThrow().hostname);
  }

  @Test
  void deletesAHost() {
    String mac = uniqueMac();
    admin().form().formParam("mac", mac).post("/hosts/new").then().statusCode(303);
    admin()
        .form()
        .post("/hosts/" + mac + "/delete")
        .then()
        .statusCode(303)
        .header("Location", containsString("/hosts"));
    assertTrue(stored(mac).isEmpty());
    admin().form().post("/hosts/" + mac + "/delete").then().statusCode(404);
  }

  @Test
  void adoptingADiscoveredMachineNamesAndLabelsIt() {
    String mac = uniqueMac();
    boot.recordSeen(BootRequest.of(MacAddress.of(mac)));
    admin()
        .get()
        .get("/hosts")
        .then()
        .body(containsString("aria-label=\"hostname for " + mac + "\""));
    admin()
        .form()
        .formParam("hostname", "adopted-1")
        .formParam("labels", "rack=c3, role=db")
        .formParam("profile", "")
        .post("/hosts/" + mac + "/adopt")
        .then()
        .statusCode(303);
    Host h = stored(mac).orElseThrow();
    assertFalse(h.discovered);
    assertEquals("adopted-1", h.hostname);
    assertEquals(Map.of("rack", "c3", "role", "db"), h.labels);
  }

  @Test
  void aRefusedAdoptionOpensTheFormWithWhatWasTyped() {
    String mac = uniqueMac();
    boot.recordSeen(BootRequest.of(MacAddress.of(mac)));
    admin()
        .form()
        .formParam("hostname", "bad_name!")
        .formParam("labels", "rack=c3")
        .post("/hosts/" + mac + "/adopt")
        .then()
        .statusCode(400)
        .body(containsString("is not a valid host name"))
        .body(containsString("value=\"bad_name!\""))
        .body(containsString("rack=c3"));
    assertTrue(stored(mac).orElseThrow().discovered, "still discovered: nothing was written");
  }

  @Test
  void aViewerSeesNoEditingControlsAndCannotPost() {
    String mac = uniqueMac();
    admin().form().formParam("mac", mac).formParam("hostname", "seen-by-viewer").post("/hosts/new");
    viewer()
        .get()
        .get("/hosts/" + mac)
        .then()
        .statusCode(200)
        .body(not(containsString("/hosts/" + mac + "/edit")))
        .body(not(containsString("/hosts/" + mac + "/delete")));
    viewer()
        .get()
        .get("/hosts")
        .then()
        .body(not(containsString("href=\"/hosts/new\"")))
        .body(not(containsString("Import CSV")));
    viewer().get().get("/hosts/new").then().body(not(containsString("id=\"host-form\"")));
    viewer().form().post("/hosts/" + mac + "/delete").then().statusCode(403);
    viewer()
        .form()
        .formParam("hostname", "changed")
        .post("/hosts/" + mac + "/edit")
        .then()
        .statusCode(403);
    assertEquals("seen-by-viewer", stored(mac).orElseThrow().hostname);
  }
}
