package dev.bootkeeper.api;

import static dev.bootkeeper.api.ApiTestSupport.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ImageResourceTest {

  @Test
  void rescanListsImagesWithChecksumsAndOnlyRehashesChanges() throws Exception {
    String image = ApiTestSupport.unique("tiny-image");
    Path dir = Path.of("target/test-images/" + image + "/sub");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("a.txt"), "abc");
    admin()
        .post("/api/v1/images/rescan")
        .then()
        .statusCode(200)
        .body("hashed", greaterThanOrEqualTo(1));
    given().get("/api/v1/images").then().statusCode(200).body("name", hasItem(image));
    given()
        .get("/api/v1/images/" + image)
        .then()
        .statusCode(200)
        .body("files[0].path", equalTo(image + "/sub/a.txt"))
        .body("files[0].size", equalTo(3))
        .body(
            "files[0].sha256",
            equalTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
        .body(
            "files[0].sha512",
            equalTo(
                "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"));
    admin().post("/api/v1/images/rescan").then().statusCode(200).body("hashed", equalTo(0));
    given().get("/api/v1/images/none-such").then().statusCode(404);
    given().post("/api/v1/images/rescan").then().statusCode(401);
  }
}
