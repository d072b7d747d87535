package dev.bootkeeper.dashboard;

import static dev.bootkeeper.dashboard.DashboardTestSupport.admin;
import static dev.bootkeeper.dashboard.DashboardTestSupport.viewer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.dashboard.auth.Sessions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LoginTest {

  @Test
  void everyPageRedirectsToTheLoginWithoutASession() {
    for (String page :
        new String[] {"/", "/hosts", "/profiles", "/library", "/events", "/leases", "/settings"}) {
      given()
          .redirects()
          .follow(false)
          .get(page)
          .then()
          .statusCode(303)
          .header("Location", containsString("/login"));
    }
    given()
        .redirects()
        .follow(false)
        .get("/hosts?q=abc")
        .then()
        .header("Location", containsString("next=%2Fhosts%3Fq%3Dabc"));
  }

  @Test
  void aWrongPasswordIsRefused() {
    Response page = given().get("/login");
    given()
        .redirects()
        .follow(false)
        .cookie("bk_login", page.getCookie("bk_login"))
        .contentType("application/x-www-form-urlencoded")
        .formParam("_csrf", formToken(page))
        .formParam("username", "admin")
        .formParam("password", "wrong")
        .post("/login")
        .then()
        .statusCode(401)
        .body(containsString("Wrong user name or password"))
        .header("Set-Cookie", not(containsString(Sessions.COOKIE + "=")));
  }

  @Test
  void theLoginFormNeedsItsOwnToken() {
    given()
        .redirects()
        .follow(false)
        .contentType("application/x-www-form-urlencoded")
        .formParam("username", "admin")
        .formParam("password", DashboardTestSupport.ADMIN_PASSWORD)
        .post("/login")
        .then()
        .statusCode(403)
        .body(containsString("expired"));
  }

  @Test
  void theSessionCookieIsHttpOnlyAndSameSiteLax() {
    Response page = given().get("/login");
    Response done =
        given()
            .redirects()
            .follow(false)
            .cookie("bk_login", page.getCookie("bk_login"))
            .contentType("application/x-www-form-urlencoded")
            .formParam("_csrf", formToken(page))
            .formParam("username", "admin")
            .formParam("password", DashboardTestSupport.ADMIN_PASSWORD)
            .formParam("next", "//evil.example/")
            .post("/login");
    assertEquals(303, done.statusCode());
    assertTrue(done.getHeader("Location").endsWith("/"), done.getHeader("Location"));
    String setCookie =
        done.getHeaders().getValues("Set-Cookie").stream()
            .filter(c -> c.startsWith(Sessions.COOKIE + "="))
            .findFirst()
            .orElseThrow();
    assertTrue(setCookie.contains("HttpOnly"), setCookie);
    assertTrue(setCookie.toLowerCase().contains("samesite=lax"), setCookie);
  }

  @Test
  void aPostWithoutTheCsrfTokenIsRefused() {
    admin()
        .get()
        .contentType("application/x-www-form-urlencoded")
        .formParam("profile", "local-disk")
        .post("/settings/default-profile")
        .then()
        .statusCode(403)
        .body(containsString("expired"));
    admin()
        .get()
        .contentType("application/x-www-form-urlencoded")
        .formParam("_csrf", "not-the-token")
        .formParam("profile", "local-disk")
        .post("/settings/default-profile")
        .then()
        .statusCode(403);
  }

  @Test
  void aViewerLooksButCannotChange() {
    viewer().get().get("/settings").then().statusCode(200).body(containsString("viewer"));
    viewer()
        .form()
        .formParam("profile", "local-disk")
        .post("/settings/default-profile")
        .then()
        .statusCode(403)
        .body(containsString("Only an admin can change this"));
  }

  @Test
  void logoutEndsTheSession() {
    DashboardTestSupport.Login login =
        DashboardTestSupport.login("admin", DashboardTestSupport.ADMIN_PASSWORD);
    login.form().post("/logout").then().statusCode(303).header("Location", equalTo("/login"));
    login.get().get("/").then().statusCode(303);
  }

  @Test
  void theApiKeepsItsBearerTokensAndIgnoresTheCookie() {
    admin().get().post("/api/v1/images/rescan").then().statusCode(401);
  }

  private static String formToken(Response loginPage) {
    return DashboardTestSupport.find(
        java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\""), loginPage.asString());
  }

  private static Response attempt(String cookie, String csrf, String user, String password) {
    return given()
        .redirects()
        .follow(false)
        .cookie("bk_login", cookie)
        .contentType("application/x-www-form-urlencoded")
        .formParam("_csrf", csrf)
        .formParam("username", user)
        .formParam("password", password)
        .post("/login");
  }

  @Test
  void aCookieAndFieldChosenByAnAttackerAreRefused() {
    // The old double-submit form accepted any value sent in both places.
    attempt("a", "a", "admin", DashboardTestSupport.ADMIN_PASSWORD)
        .then()
        .statusCode(403)
        .body(containsString("expired"));
    Response page = given().get("/login");
    // The field of one form does not go with the cookie of another.
    Response other = given().get("/login");
    attempt(other.getCookie("bk_login"), formToken(page), "admin", "x").then().statusCode(403);
  }

  @Test
  void repeatedWrongPasswordsAreRefusedForAWhile() {
    String user = DashboardTestSupport.unique("guess");
    for (int i = 0; i < 10; i++) {
      Response page = given().get("/login");
      attempt(page.getCookie("bk_login"), formToken(page), user, "wrong" + i)
          .then()
          .statusCode(401);
    }
    Response page = given().get("/login");
    attempt(page.getCookie("bk_login"), formToken(page), user, "wrong")
        .then()
        .statusCode(429)
        .header("Retry-After", org.hamcrest.Matchers.notNullValue())
        .body(containsString("Too many failed logins"));
    // Another user from the same address is not locked out by it.
    DashboardTestSupport.viewer();
  }
}
