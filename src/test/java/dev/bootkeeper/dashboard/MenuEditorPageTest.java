package dev.bootkeeper.dashboard;

import static dev.bootkeeper.dashboard.DashboardTestSupport.admin;
import static dev.bootkeeper.dashboard.DashboardTestSupport.unique;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bootkeeper.inventory.ProfileData;
import dev.bootkeeper.inventory.ProfileService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The profile editor makes a menu: entries in row order, a default, a timeout, three previews. */
@QuarkusTest
class MenuEditorPageTest {

  @Inject ProfileService profiles;

  static RequestSpecification menuForm(String original, String name, String... entries) {
    RequestSpecification form =
        admin()
            .form()
            .formParam("original", original)
            .formParam("name", name)
            .formParam("kind", "menu")
            .formParam("description", "Walk-up menu");
    for (String e : entries) {
      form = form.formParam("menuEntry", e);
    }
    return form;
  }

  @Test
  void anAdminPicksEntriesOrderDefaultAndTimeoutAndSeesEveryRendering() {
    String a = unique("dm-a");
    profiles.create(
        ProfileData.linux(null, "k/vmlinuz", List.of("k/initrd.img"), "quiet", null).withName(a),
        "test");
    // The editor offers every profile that is not a menu as an entry.
    admin()
        .get()
        .get("/profiles/new")
        .then()
        .statusCode(200)
        .body(
            allOf(
                containsString("name=\"menuEntry\""),
                containsString("<option>" + a + "</option>")));
    menuForm("", "", a, "", "local-disk")
        .formParam("menuDefault", "local-disk")
        .formParam("menuTimeout", "4")
        .post("/profiles/preview")
        .then()
        .statusCode(200)
        .body(
            allOf(
                containsString("UI menu.c32"),
                containsString("TIMEOUT 40"),
                containsString("choose --timeout 4000 --default local-disk bk_entry"),
                containsString("set default=1")));
    String m = unique("dm-menu");
    menuForm("", m, a, "", "local-disk")
        .formParam("menuDefault", "local-disk")
        .formParam("menuTimeout", "4")
        .post("/profiles/save")
        .then()
        .statusCode(303);
    assertEquals(
        new ProfileData.Menu(List.of(a, "local-disk"), "local-disk", 4), profiles.get(m).menu());
    // Reordered in the editor: the rows' order is the menu's order.
    menuForm(m, m, "local-disk", a)
        .formParam("menuTimeout", "")
        .post("/profiles/save")
        .then()
        .statusCode(303);
    assertEquals(
        new ProfileData.Menu(List.of("local-disk", a), "local-disk", 10), profiles.get(m).menu());
    admin()
        .get()
        .get("/profiles/" + m)
        .then()
        .statusCode(200)
        .body(
            allOf(
                containsString("<option selected>local-disk</option>"),
                containsString("LABEL " + a)));
  }

  @Test
  void theEditorShowsTheInventorysRefusal() {
    String m = unique("dm-menu");
    menuForm("", m)
        .post("/profiles/save")
        .then()
        .statusCode(400)
        .body(containsString("A menu profile needs at least one entry"));
    menuForm("", m, "local-disk")
        .formParam("menuTimeout", "soon")
        .post("/profiles/save")
        .then()
        .statusCode(400)
        .body(containsString("Menu timeout must be a whole number of seconds."));
  }
}
