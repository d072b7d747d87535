package dev.bootkeeper.dashboard;

import static dev.bootkeeper.dashboard.DashboardTestSupport.admin;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.bootkeeper.api.ApiTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API and the dashboard refuse the same change with the same words, each in its own form. */
@QuarkusTest
class InventoryMessagesTest {

  static final String TAKEN = "cannot rename to '%s': a profile of that name exists";

  static void createLocal(String name) {
    ApiTestSupport.admin()
        .body(Map.of("name", name, "kind", "local"))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201);
  }

  @Test
  void aRenameToATakenNameIsRefusedAlikeThroughTheApiAndTheDashboard() {
    String first = DashboardTestSupport.unique("first");
    String second = DashboardTestSupport.unique("second");
    createLocal(first);
    createLocal(second);
    String message = String.format(TAKEN, second);

    ApiTestSupport.admin()
        .body(Map.of("name", second, "kind", "local"))
        .put("/api/v1/profiles/" + first)
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", equalTo(message));

    admin()
        .form()
        .formParam("original", first)
        .formParam("name", second)
        .formParam("kind", "local")
        .post("/profiles/save")
        .then()
        .statusCode(400)
        .body(containsString(("C" + message.substring(1) + ".").replace("'", "&#39;")));
  }

  @Test
  void aMissingProfileIsAnHtmlPageOnTheDashboardAndProblemJsonInTheApi() {
    String name = DashboardTestSupport.unique("gone");
    ApiTestSupport.admin()
        .get("/api/v1/profiles/" + name)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", equalTo("no profile named '" + name + "'"));
    admin()
        .get()
        .get("/profiles/" + name)
        .then()
        .statusCode(404)
        .contentType(containsString("text/html"))
        .body(allOf(containsString("Not found"), containsString("No profile named")));
  }

  @Test
  void anUnknownMacIsRefusedWithTheSameHelpOnBothSides() {
    ApiTestSupport.admin()
        .get("/api/v1/hosts/not-a-mac")
        .then()
        .statusCode(400)
        .body("detail", containsString("is not a MAC address (use aa:bb:cc:dd:ee:ff"));
    admin()
        .form()
        .formParam("profile", "")
        .post("/hosts/not-a-mac/adopt")
        .then()
        .statusCode(400)
        .contentType(containsString("text/html"))
        .body(containsString("is not a MAC address (use aa:bb:cc:dd:ee:ff"));
  }
}
