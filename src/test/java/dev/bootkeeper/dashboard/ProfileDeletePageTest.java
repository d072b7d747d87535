package dev.bootkeeper.dashboard;

import static dev.bootkeeper.dashboard.DashboardTestSupport.admin;
import static dev.bootkeeper.dashboard.DashboardTestSupport.unique;
import static dev.bootkeeper.dashboard.DashboardTestSupport.uniqueMac;
import static dev.bootkeeper.dashboard.DashboardTestSupport.viewer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.store.Host;
import dev.bootkeeper.store.Profile;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Deleting a profile from its editor: who uses it, where they go, what is refused. */
@QuarkusTest
class ProfileDeletePageTest {

  @Inject BootService boot;

  static String profile() {
    String name = unique("doomed");
    admin()
        .form()
        .formParam("name", name)
        .formParam("kind", "local")
        .post("/profiles/save")
        .then()
        .statusCode(303);
    return name;
  }

  static void assign(String mac, String profile, String nextBoot) {
    admin().form().formParam("mac", mac).post("/hosts/new").then().statusCode(303);
    admin()
        .form()
        .formParam("profile", profile)
        .formParam("nextBoot", nextBoot)
        .post("/hosts/" + mac + "/assign")
        .then()
        .statusCode(303);
  }

  @Test
  void theEditorSaysWhoUsesItAndTheDeleteMovesThemWhereChosen() {
    String name = profile();
    String a = uniqueMac();
    String b = uniqueMac();
    assign(a, name, "");
    assign(b, "", name);
    admin()
        .get()
        .get("/profiles/" + name)
        .then()
        .statusCode(200)
        .body(containsString("action=\"/profiles/" + name + "/delete\""))
        .body(containsString("1 have it as their own profile"))
        .body(containsString("1 boot it once at their next boot (cancelled by the delete)"))
        .body(containsString("data-confirm=\"Delete the profile " + name));
    admin()
        .form()
        .formParam("moveTo", "local-disk")
        .post("/profiles/" + name + "/delete")
        .then()
        .statusCode(303)
        .cookie("bk_flash", containsString("now+boot"));
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              assertTrue(Profile.byName(name).isEmpty());
              assertEquals("local-disk", Host.byMac(a).orElseThrow().profile.name);
              assertNull(Host.byMac(b).orElseThrow().nextBootProfile);
            });
  }

  @Test
  void withoutAChoiceItsHostsFallToTheirRules() {
    String name = profile();
    String a = uniqueMac();
    assign(a, name, "");
    admin()
        .form()
        .formParam("moveTo", "")
        .post("/profiles/" + name + "/delete")
        .then()
        .statusCode(303);
    QuarkusTransaction.requiringNew().run(() -> assertNull(Host.byMac(a).orElseThrow().profile));
  }

  @Test
  void theDefaultProfileIsNotOfferedForDeletionAndIsRefused() {
    String def = boot.defaultProfile().name();
    admin()
        .get()
        .get("/profiles/" + def)
        .then()
        .body(containsString("This is the default profile"))
        .body(not(containsString("action=\"/profiles/" + def + "/delete\"")));
    admin()
        .form()
        .post("/profiles/" + def + "/delete")
        .then()
        .statusCode(409)
        .body(containsString("is the default profile; choose another default first"));
  }

  @Test
  void movingHostsToTheDeletedProfileItselfIsRefused() {
    String name = profile();
    admin()
        .form()
        .formParam("moveTo", name)
        .post("/profiles/" + name + "/delete")
        .then()
        .statusCode(400);
    QuarkusTransaction.requiringNew().run(() -> assertTrue(Profile.byName(name).isPresent()));
  }

  @Test
  void aViewerHasNoDeleteControlAndCannotDelete() {
    String name = profile();
    viewer()
        .get()
        .get("/profiles/" + name)
        .then()
        .statusCode(200)
        .body(not(containsString("/delete\"")));
    viewer().form().post("/profiles/" + name + "/delete").then().statusCode(403);
    QuarkusTransaction.requiringNew().run(() -> assertTrue(Profile.byName(name).isPresent()));
  }
}
