package dev.bootkeeper.api;

import static dev.bootkeeper.api.ApiTestSupport.admin;
import static dev.bootkeeper.api.ApiTestSupport.unique;
import static dev.bootkeeper.api.ApiTestSupport.uniqueMac;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every change through the API leaves one audit entry naming the token, the address and what
 * changed, committed with the change; a refused or rolled-back change leaves none.
 */
@QuarkusTest
class AuditApiTest {

  private String tokenName;
  private String token;

  /** Changes are made with a token of their own, so the entries can be told apart. */
  @BeforeEach
  void ownToken() {
    tokenName = unique("auditor");
    token =
        admin()
            .body(Map.of("name", tokenName, "scope", "admin"))
            .post("/api/v1/tokens")
            .then()
            .statusCode(201)
            .body("scope", equalTo("admin"))
            .extract()
            .path("token");
  }

  private RequestSpecification as() {
    return given().header("Authorization", "Bearer " + token).contentType("application/json");
  }

  private static List<Map<String, Object>> entries(String query) {
    return admin()
        .get("/api/v1/audit?" + query)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items");
  }

  @Test
  void hostCreateUpdateAndDeleteAreAuditedWithTokenAddressAndBeforeAfter() {
    String mac = uniqueMac();
    as().body(Map.of("hostname", "web-1")).put("/api/v1/hosts/" + mac).then().statusCode(201);
    as().body(Map.of("hostname", "web-2", "notes", "rack 3"))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(200);
    as().delete("/api/v1/hosts/" + mac).then().statusCode(204);

    List<Map<String, Object>> items = entries("entity=host&id=" + mac);
    assertEquals(3, items.size(), items.toString());
    // Newest first.
    assertEquals("delete", items.get(0).get("action"));
    assertEquals("update", items.get(1).get("action"));
    assertEquals("create", items.get(2).get("action"));
    for (Map<String, Object> e : items) {
      assertEquals(tokenName, e.get("actor"));
      assertEquals("token", e.get("actorKind"));
      assertEquals("127.0.0.1", e.get("address"));
      assertTrue(
          OffsetDateTime.parse((String) e.get("at")).isAfter(OffsetDateTime.now().minusMinutes(5)));
    }
    assertTrue(((String) items.get(2).get("summary")).contains("hostname=web-1"), items.toString());
    assertEquals("hostname: web-1 -> web-2; notes: (none) -> rack 3", items.get(1).get("summary"));
    assertTrue(((String) items.get(0).get("summary")).contains("hostname=web-2"), items.toString());
  }

  @Test
  void profileChangesAndTheDefaultProfileAreAudited() {
    String name = unique("aud");
    as().body(ProfileResourceTest.linux(name)).post("/api/v1/profiles").then().statusCode(201);
    as().body(Map.of("kind", "linux", "kernel", "debian/vmlinuz2"))
        .put("/api/v1/profiles/" + name)
        .then()
        .statusCode(200);
    String before =
        admin().get("/api/v1/settings").then().statusCode(200).extract().path("defaultProfile");
    as().body(Map.of("defaultProfile", name)).put("/api/v1/settings").then().statusCode(200);
    as().body(Map.of("defaultProfile", before)).put("/api/v1/settings").then().statusCode(200);
    as().delete("/api/v1/profiles/" + name).then().statusCode(204);

    List<Map<String, Object>> profile = entries("entity=profile&id=" + name);
    assertEquals(
        List.of("delete", "update", "create"), profile.stream().map(e -> e.get("action")).toList());
    String update = (String) profile.get(1).get("summary");
    assertTrue(
        update.startsWith("v2; ") && update.contains("kernel: debian/vmlinuz -> debian/vmlinuz2"),
        update);
    assertTrue(update.contains("initrds: [debian/initrd.img] -> (none)"), update);

    List<Map<String, Object>> settings = entries("entity=settings&actor=" + tokenName);
    assertEquals(2, settings.size(), settings.toString());
    assertEquals("defaultProfile: " + before + " -> " + name, settings.get(1).get("summary"));
  }

  @Test
  void dhcpSettingsChangesAreAudited() {
    String relayed = "{\"subnet\":\"198.19.7.0/24\",\"range\":\"198.19.7.10-198.19.7.20\"}";
    as().body("{\"mode\":\"off\",\"subnets\":[" + relayed + "]}")
        .put("/api/v1/dhcp")
        .then()
        .statusCode(200);
    as().body("{\"mode\":\"off\",\"subnets\":[]}").put("/api/v1/dhcp").then().statusCode(200);
    List<Map<String, Object>> dhcp = entries("entity=dhcp&actor=" + tokenName);
    assertEquals(2, dhcp.size(), dhcp.toString());
    assertTrue(((String) dhcp.get(1).get("summary")).contains("198.19.7.0/24"), dhcp.toString());
  }

  @Test
  void tokensAreAuditedWithTheirScopeButNeverTheirValue() {
    String name = unique("ro");
    String secret =
        as().body(Map.of("name", name, "scope", "read-only"))
            .post("/api/v1/tokens")
            .then()
            .statusCode(201)
            .extract()
            .path("token");
    as().delete("/api/v1/tokens/" + name).then().statusCode(204);
    List<Map<String, Object>> items = entries("entity=token&id=" + name);
    assertEquals(2, items.size(), items.toString());
    assertEquals("delete", items.get(0).get("action"));
    assertEquals("scope=read-only", items.get(1).get("summary"));
    assertEquals(tokenName, items.get(1).get("actor"));
    String all = admin().get("/api/v1/audit?size=1000").asString();
    assertTrue(!all.contains(secret), "a token's value never reaches the audit log");
  }

  @Test
  void aChangeThatRollsBackLeavesNoEntry() {
    String first = uniqueMac();
    String csv = "mac,hostname\n" + first + ",good\nnot-a-mac,bad\n";
    given()
        .header("Authorization", "Bearer " + token)
        .contentType("text/csv")
        .body(csv)
        .post("/api/v1/hosts/import")
        .then()
        .statusCode(400);
    // The first line was saved and audited inside the transaction, then the second line failed.
    assertEquals(List.of(), entries("entity=host&id=" + first));
    admin().get("/api/v1/hosts/" + first).then().statusCode(404);

    String name = unique("keep");
    as().body(ProfileResourceTest.linux(name)).post("/api/v1/profiles").then().statusCode(201);
    String mac = uniqueMac();
    as().body(Map.of("profile", name)).put("/api/v1/hosts/" + mac).then().statusCode(201);
    // Refused: a host still boots it.
    as().delete("/api/v1/profiles/" + name).then().statusCode(409);
    assertEquals(
        List.of("create"),
        entries("entity=profile&id=" + name).stream().map(e -> e.get("action")).toList());
  }

  @Test
  void theListIsPagedAndFilteredByActorEntityAndTime() {
    OffsetDateTime start = OffsetDateTime.now().minusSeconds(1);
    for (int i = 0; i < 5; i++) {
      as().body(Map.of("hostname", "h" + i))
          .put("/api/v1/hosts/" + uniqueMac())
          .then()
          .statusCode(201);
    }
    JsonPath page0 =
        admin()
            .queryParam("actor", tokenName)
            .queryParam("size", 2)
            .get("/api/v1/audit")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    // Its own creation was audited under the support token's name, not this one's.
    assertEquals(5, page0.getInt("total"));
    assertEquals(2, page0.getList("items").size());
    assertTrue(page0.getString("items[0].summary").endsWith("hostname=h4"));
    JsonPath page2 =
        admin()
            .queryParam("actor", tokenName)
            .queryParam("size", 2)
            .queryParam("page", 2)
            .get("/api/v1/audit")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(1, page2.getList("items").size());
    assertTrue(page2.getString("items[0].summary").endsWith("hostname=h0"));

    assertEquals(5, entriesCount("actor=" + tokenName + "&entity=host&since=" + start));
    assertEquals(0, entriesCount("actor=" + tokenName + "&entity=profile"));
    assertEquals(0, entriesCount("actor=" + tokenName + "&until=" + start));
    admin()
        .get("/api/v1/audit?since=yesterday")
        .then()
        .statusCode(400)
        .body(containsString("since"));
    admin().get("/api/v1/audit?size=0").then().statusCode(400);
  }

  private static int entriesCount(String query) {
    return admin()
        .get("/api/v1/audit?" + query.replace("+", "%2B"))
        .then()
        .statusCode(200)
        .extract()
        .path("total");
  }

  @Test
  void readingTheAuditLogAlwaysNeedsAToken() {
    given().get("/api/v1/audit").then().statusCode(401).body(containsString("audit log"));
    given()
        .header("Authorization", "Bearer bk_nothing")
        .get("/api/v1/audit")
        .then()
        .statusCode(401);
    String ro = unique("reader");
    String readOnly =
        as().body(Map.of("name", ro, "scope", "read-only"))
            .post("/api/v1/tokens")
            .then()
            .statusCode(201)
            .extract()
            .path("token");
    given()
        .header("Authorization", "Bearer " + readOnly)
        .get("/api/v1/audit?entity=token&id=" + ro)
        .then()
        .statusCode(200)
        .body("total", equalTo(1));
  }
}
