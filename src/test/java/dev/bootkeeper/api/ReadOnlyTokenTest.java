package dev.bootkeeper.api;

import static dev.bootkeeper.api.ApiTestSupport.admin;
import static dev.bootkeeper.api.ApiTestSupport.unique;
import static dev.bootkeeper.api.ApiTestSupport.uniqueMac;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A read-only token can change nothing. The endpoints are found by reflection over every API
 * resource, so an endpoint added later is covered without anyone listing it here.
 */
@QuarkusTest
class ReadOnlyTokenTest {

  private static final Set<Class<? extends java.lang.annotation.Annotation>> MUTATING =
      Set.of(POST.class, PUT.class, DELETE.class, PATCH.class);

  /** A mutating endpoint: its HTTP method, path (parameters filled in) and the body it takes. */
  record Endpoint(String method, String path, String contentType) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** Every mutating endpoint of the API, from the compiled resources of the api package. */
  static List<Endpoint> mutatingEndpoints() {
    List<Endpoint> out = new ArrayList<>();
    for (Class<?> type : apiClasses()) {
      Path root = type.getAnnotation(Path.class);
      if (root == null) {
        continue;
      }
      for (Method m : type.getDeclaredMethods()) {
        for (var verb : MUTATING) {
          if (m.isAnnotationPresent(verb)) {
            Path sub = m.getAnnotation(Path.class);
            String path = root.value() + (sub == null ? "" : "/" + sub.value());
            Consumes consumes =
                m.isAnnotationPresent(Consumes.class)
                    ? m.getAnnotation(Consumes.class)
                    : type.getAnnotation(Consumes.class);
            out.add(
                new Endpoint(
                    verb.getAnnotation(HttpMethod.class).value(),
                    path.replaceAll("/+", "/").replaceAll("\\{([^}:]+)(:[^}]*)?}", "x1"),
                    consumes == null ? "application/json" : consumes.value()[0]));
          }
        }
      }
    }
    return out;
  }

  private static List<Class<?>> apiClasses() {
    java.nio.file.Path dir = java.nio.file.Path.of("target/classes/dev/bootkeeper/api");
    try (var files = Files.list(dir)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".class") && !n.contains("$"))
          .<Class<?>>map(n -> load("dev.bootkeeper.api." + n.substring(0, n.length() - 6)))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, ReadOnlyTokenTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String readOnlyToken() {
    return admin()
        .body(Map.of("name", unique("viewer"), "scope", "read-only"))
        .post("/api/v1/tokens")
        .then()
        .statusCode(201)
        .extract()
        .path("token");
  }

  @Test
  void everyMutatingEndpointRefusesAReadOnlyTokenWithAClearMessage() {
    List<Endpoint> endpoints = mutatingEndpoints();
    List<String> names = endpoints.stream().map(Endpoint::toString).toList();
    // Guards the guard: the scan must find the endpoints everyone knows of.
    assertTrue(names.contains("PUT /api/v1/hosts/x1"), names.toString());
    assertTrue(names.contains("POST /api/v1/tokens"), names.toString());
    assertTrue(names.contains("POST /api/v1/hosts/import"), names.toString());
    assertTrue(endpoints.size() >= 15, names.toString());
    String token = readOnlyToken();
    for (Endpoint endpoint : endpoints) {
      Response r =
          given()
              .header("Authorization", "Bearer " + token)
              .contentType(endpoint.contentType())
              // Bytes: RestAssured encodes a String only for content types it knows.
              .body(
                  (endpoint.contentType().contains("json") ? "{}" : "mac\n")
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8))
              .request(endpoint.method(), endpoint.path());
      assertEquals(403, r.statusCode(), endpoint + ": " + r.asString());
      assertTrue(
          r.asString().contains("read-only") && r.asString().contains("admin scope"),
          endpoint + ": " + r.asString());
    }
  }

  @Test
  void tokensMadeBeforeScopesExistedStayAdmin() {
    String secret = ApiTokens.newToken();
    String name = unique("old");
    // As a token row stood before the scope column: the migration's default applies.
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              EntityManager em = dev.bootkeeper.store.ApiToken.getEntityManager();
              em.createNativeQuery(
                      "insert into api_token (id, name, token_hash, created_at)"
                          + " values (nextval('api_token_SEQ'), ?1, ?2, current_timestamp)")
                  .setParameter(1, name)
                  .setParameter(2, ApiTokens.hashHex(secret))
                  .executeUpdate();
            });
    given()
        .header("Authorization", "Bearer " + secret)
        .contentType("application/json")
        .body(Map.of("hostname", "legacy"))
        .put("/api/v1/hosts/" + uniqueMac())
        .then()
        .statusCode(201);
    admin()
        .get("/api/v1/tokens")
        .then()
        .statusCode(200)
        .body("find { it.name == '" + name + "' }.scope", org.hamcrest.Matchers.equalTo("admin"));
  }

  @Test
  void anUnknownScopeIsRefused() {
    admin()
        .body(Map.of("name", unique("bad"), "scope", "root"))
        .post("/api/v1/tokens")
        .then()
        .statusCode(400)
        .body(org.hamcrest.Matchers.containsString("read-only, admin"));
  }
}
