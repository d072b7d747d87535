package dev.bootkeeper.httpboot;

import static dev.bootkeeper.api.ApiTestSupport.admin;
import static dev.bootkeeper.api.ApiTestSupport.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.bootkeeper.api.ApiTestSupport;
import dev.bootkeeper.store.Profile;
import dev.bootkeeper.store.ProfileKind;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A profile whose custom template fails at boot time (stored before templates were test-rendered at
 * save, so written to the store directly): the anonymous client gets a plain 500, never the
 * template engine's words.
 */
@QuarkusTest
class RenderFailureTest {

  static String hostWithIpxeTemplate(String template) {
    String name = unique("broken");
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Profile p = new Profile();
              p.name = name;
              p.kind = ProfileKind.LOCAL;
              p.templateIpxe = template;
              p.persist();
            });
    String mac = ApiTestSupport.uniqueMac();
    admin().body(Map.of("profile", name)).put("/api/v1/hosts/" + mac).then().statusCode(201);
    return mac;
  }

  @ParameterizedTest
  @ValueSource(strings = {"#!ipxe\n{nothere.foo}\n", "{#for i in 1000000}0123456789abcdef{/for}"})
  void aConfigThatCannotBeRenderedIsAPlainServerError(String template) {
    String mac = hostWithIpxeTemplate(template);
    String body =
        given()
            .get("/boot/" + mac + ".ipxe")
            .then()
            .statusCode(500)
            .contentType(org.hamcrest.Matchers.startsWith("text/plain"))
            .extract()
            .asString();
    assertEquals("500 internal error\n", body);
    String preview =
        given()
            .queryParam("format", "ipxe")
            .get("/api/v1/hosts/" + mac + "/boot")
            .then()
            .statusCode(500)
            .extract()
            .asString();
    assertFalse(preview.contains("nothere") || preview.contains("Exception"), preview);
  }
}
