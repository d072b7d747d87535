package dev.bootkeeper.api;

import static dev.bootkeeper.api.ApiTestSupport.admin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Listing the profiles of an image, renaming it with them, and deleting it, through the API. */
@QuarkusTest
class ImageChangesApiTest {

  static final Path ROOT = Path.of("target/test-images");

  @Test
  void renameCarriesTheProfilesAlongThenDeleteRemovesTheFolder() throws Exception {
    String image = "api-img-" + System.nanoTime();
    String renamed = image + "-b";
    String profile = "api-uses-" + System.nanoTime();
    Path dir = Files.createDirectories(ROOT.resolve(image));
    Files.writeString(dir.resolve("vmlinuz"), "kernel");
    try {
      admin().post("/api/v1/images/rescan").then().statusCode(200);
      admin()
          .body(Map.of("name", profile, "kind", "linux", "kernel", image + "/vmlinuz"))
          .post("/api/v1/profiles")
          .then()
          .statusCode(201);
      admin()
          .get("/api/v1/images/" + image + "/profiles")
          .then()
          .statusCode(200)
          .body("", hasItem(profile));
      admin()
          .body(Map.of("name", "../out"))
          .post("/api/v1/images/" + image + "/rename")
          .then()
          .statusCode(400)
          .body(containsString("not a usable image name"));
      admin()
          .body(Map.of("name", renamed))
          .post("/api/v1/images/" + image + "/rename")
          .then()
          .statusCode(200)
          .body("profilesUpdated", equalTo(List.of(profile)));
      admin()
          .get("/api/v1/profiles/" + profile)
          .then()
          .body("kernel", equalTo(renamed + "/vmlinuz"));
      admin().delete("/api/v1/images/" + renamed).then().statusCode(204);
      assertFalse(Files.exists(ROOT.resolve(renamed)));
      admin().delete("/api/v1/images/" + renamed).then().statusCode(404);
    } finally {
      for (Path p : new Path[] {dir, ROOT.resolve(renamed)}) {
        if (Files.exists(p)) {
          try (Stream<Path> all = Files.walk(p)) {
            all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
          }
        }
      }
      assertTrue(!Files.exists(dir));
    }
  }
}
