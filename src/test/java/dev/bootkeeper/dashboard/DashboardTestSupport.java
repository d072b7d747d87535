package dev.bootkeeper.dashboard;

import static io.restassured.RestAssured.given;

import dev.bootkeeper.dashboard.auth.AppUser;
import dev.bootkeeper.dashboard.auth.PasswordHasher;
import dev.bootkeeper.dashboard.auth.Role;
import dev.bootkeeper.dashboard.auth.Sessions;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Logs in through the login form like a browser and reuses the session cookie. */
final class DashboardTestSupport {

  static final String ADMIN_PASSWORD = "test-admin-password";
  private static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern META_CSRF =
      Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\"");
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static volatile Login admin;
  private static volatile Login viewer;

  /** A logged-in browser: its session cookie and the CSRF token its pages carry. */
  record Login(String cookie, String csrf) {
    RequestSpecification get() {
      return given().redirects().follow(false).cookie(Sessions.COOKIE, cookie);
    }

    /** A form post with the CSRF token. */
    RequestSpecification form() {
      return get().contentType("application/x-www-form-urlencoded").formParam("_csrf", csrf);
    }
  }

  private DashboardTestSupport() {}

  static synchronized Login admin() {
    if (admin == null) {
      admin = login("admin", ADMIN_PASSWORD);
    }
    return admin;
  }

  static synchronized Login viewer() {
    if (viewer == null) {
      String name = "viewer-" + System.nanoTime();
      String password = "viewer-password-1";
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                AppUser u = new AppUser();
                u.username = name;
                u.passwordHash = PasswordHasher.hash(password);
                u.role = Role.VIEWER;
                u.persist();
              });
      viewer = login(name, password);
    }
    return viewer;
  }

  static Login login(String username, String password) {
    Response page = given().get("/login");
    String loginCookie = page.getCookie("bk_login");
    String csrf = find(HIDDEN_CSRF, page.asString());
    Response done =
        given()
            .redirects()
            .follow(false)
            .cookie("bk_login", loginCookie)
            .contentType("application/x-www-form-urlencoded")
            .formParam("_csrf", csrf)
            .formParam("username", username)
            .formParam("password", password)
            .formParam("next", "/")
            .post("/login");
    if (done.statusCode() != 303) {
      throw new AssertionError("login failed: " + done.statusCode() + " " + done.asString());
    }
    String session = done.getCookie(Sessions.COOKIE);
    String html =
        given()
            .cookie(Sessions.COOKIE, session)
            .get("/")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    return new Login(session, find(META_CSRF, html));
  }

  static String find(Pattern p, String html) {
    Matcher m = p.matcher(html);
    if (!m.find()) {
      throw new AssertionError("pattern " + p + " not found in:\n" + html);
    }
    return m.group(1);
  }

  static String unique(String prefix) {
    return prefix + "-" + SEQ.incrementAndGet() + "-" + (System.nanoTime() % 100000);
  }

  /** A MAC no other test uses: 02:00 (locally administered) plus a counter. */
  static String uniqueMac() {
    int n = SEQ.incrementAndGet() + (int) (System.nanoTime() % 50000) * 100;
    return String.format(
        "02:00:%02x:%02x:%02x:%02x", (n >> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
  }
}
