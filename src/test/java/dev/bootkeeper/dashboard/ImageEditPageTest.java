package dev.bootkeeper.dashboard;

import static dev.bootkeeper.dashboard.DashboardTestSupport.admin;
import static dev.bootkeeper.dashboard.DashboardTestSupport.unique;
import static dev.bootkeeper.dashboard.DashboardTestSupport.viewer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.store.Profile;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Renaming and deleting images from the Images page, with the profiles that use them named. */
@QuarkusTest
class ImageEditPageTest {

  static final Path ROOT = Path.of("target/test-images");

  static Path image(String name) throws Exception {
    Path dir = Files.createDirectories(ROOT.resolve(name + "/boot"));
    Files.writeString(dir.resolve("vmlinuz"), "kernel");
    Files.writeString(dir.resolve("initrd.img"), "initrd");
    MissingFilesPageTest.rescan();
    return dir.getParent();
  }

  static void profileOn(String profile, String image) {
    admin()
        .form()
        .formParam("name", profile)
        .formParam("kind", "linux")
        .formParam("kernel", image + "/boot/vmlinuz")
        .formParam("initrds", image + "/boot/initrd.img")
        .formParam("stage3Method", "http")
        .formParam("stage3Image", image)
        .post("/profiles/save")
        .then()
        .statusCode(303);
  }

  @Test
  void aRenameNamesTheProfilesFirstAndCarriesThemAlong() throws Exception {
    String image = unique("img");
    String renamed = image + "-new";
    String profile = unique("uses-img");
    image(image);
    try {
      profileOn(profile, image);
      admin()
          .get()
          .get("/library")
          .then()
          .statusCode(200)
          .body(containsString("Used by the profile(s) <a href=\"/profiles/" + profile + "\">"))
          .body(containsString("also change the 1 profile(s) that use it"))
          .body(containsString("The profile(s) " + profile + " use it and will not boot"));
      admin()
          .form()
          .formParam("image", image)
          .formParam("newName", renamed)
          .formParam("updateProfiles", "true")
          .post("/library/rename")
          .then()
          .statusCode(303)
          .cookie("bk_flash", containsString("Updated+the+profile"));
      assertFalse(Files.exists(ROOT.resolve(image)));
      assertTrue(Files.isRegularFile(ROOT.resolve(renamed + "/boot/vmlinuz")));
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                Profile p = Profile.byName(profile).orElseThrow();
                assertEquals(renamed + "/boot/vmlinuz", p.kernel);
                assertEquals(List.of(renamed + "/boot/initrd.img"), List.copyOf(p.initrds));
                assertEquals(renamed, p.stage3Image);
              });
      admin().get().get("/profiles/" + profile).then().body(not(containsString("missing-files")));
    } finally {
      MissingFilesPageTest.deleteTree(ROOT.resolve(image));
      MissingFilesPageTest.deleteTree(ROOT.resolve(renamed));
      MissingFilesPageTest.rescan();
    }
  }

  @Test
  void aRenameToATakenOrUnusableNameIsRefusedAndChangesNothing() throws Exception {
    String a = unique("img-a");
    String b = unique("img-b");
    image(a);
    image(b);
    try {
      admin()
          .form()
          .formParam("image", a)
          .formParam("newName", b)
          .post("/library/rename")
          .then()
          .statusCode(303)
          .cookie("bk_flash", containsString("exists+already"));
      admin()
          .form()
          .formParam("image", a)
          .formParam("newName", "../escape")
          .post("/library/rename")
          .then()
          .statusCode(303)
          .cookie("bk_flash", containsString("not+a+usable+image+name"));
      assertTrue(Files.isDirectory(ROOT.resolve(a)));
      assertFalse(Files.exists(ROOT.resolve("../escape")));
    } finally {
      MissingFilesPageTest.deleteTree(ROOT.resolve(a));
      MissingFilesPageTest.deleteTree(ROOT.resolve(b));
      MissingFilesPageTest.rescan();
    }
  }

  @Test
  void deletingAnImageRemovesItsFilesButNeverWhatALinkInItPointsTo() throws Exception {
    String image = unique("img-del");
    Path dir = image(image);
    Path outside = Files.createTempFile("bootkeeper-outside-", ".txt");
    Files.writeString(outside, "keep me");
    Files.createSymbolicLink(dir.resolve("link-out"), outside.toAbsolutePath());
    String profile = unique("orphan");
    try {
      profileOn(profile, image);
      admin()
          .form()
          .formParam("image", image)
          .post("/library/delete")
          .then()
          .statusCode(303)
          .cookie("bk_flash", containsString(profile));
      assertFalse(Files.exists(dir));
      assertEquals("keep me", Files.readString(outside));
      admin()
          .get()
          .get("/library")
          .then()
          .body(not(containsString("<strong>" + image + "</strong>")));
      admin().get().get("/profiles/" + profile).then().body(containsString("missing-files"));
      admin()
          .form()
          .formParam("image", image)
          .post("/library/delete")
          .then()
          .statusCode(303)
          .cookie("bk_flash", containsString("No+image+named"));
    } finally {
      Files.deleteIfExists(outside);
      MissingFilesPageTest.deleteTree(dir);
      MissingFilesPageTest.rescan();
    }
  }

  @Test
  void aViewerSeesNeitherRenameNorDelete() throws Exception {
    String image = unique("img-view");
    image(image);
    try {
      viewer()
          .get()
          .get("/library")
          .then()
          .statusCode(200)
          .body(containsString("<strong>" + image + "</strong>"))
          .body(not(containsString("/library/rename")))
          .body(not(containsString("/library/delete")));
      viewer().form().formParam("image", image).post("/library/delete").then().statusCode(403);
      assertTrue(Files.isDirectory(ROOT.resolve(image)));
    } finally {
      MissingFilesPageTest.deleteTree(ROOT.resolve(image));
      MissingFilesPageTest.rescan();
    }
  }
}
