package dev.bootkeeper.dashboard;

import static dev.bootkeeper.dashboard.DashboardTestSupport.admin;
import static dev.bootkeeper.dashboard.DashboardTestSupport.uniqueMac;
import static dev.bootkeeper.dashboard.DashboardTestSupport.viewer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A viewer sees no control it may not use (it would learn so only after submitting, losing what it
 * typed); an admin sees them all.
 */
@QuarkusTest
class ViewerPagesTest {

  static final Pattern POST_FORM = Pattern.compile("<form\\b[^>]*method=\"post\"[^>]*>");
  static final Pattern ACTION = Pattern.compile("action=\"([^\"]*)\"");

  static List<String> pages() {
    String mac = uniqueMac();
    return List.of(
        "/",
        "/hosts",
        "/hosts/" + mac,
        "/hosts/new",
        "/inventory",
        "/profiles",
        "/profiles/local-disk",
        "/library",
        "/events",
        "/leases",
        "/settings");
  }

  /** The actions of the page's POST forms, and the upload form, other than logging out. */
  static List<String> controls(String html) {
    List<String> found = new java.util.ArrayList<>();
    Matcher m = POST_FORM.matcher(html);
    while (m.find()) {
      Matcher a = ACTION.matcher(m.group());
      String action = a.find() ? a.group(1) : "?";
      if (!action.equals("/logout")) {
        boolean disabled =
            html.indexOf("disabled", m.end()) >= 0
                && html.indexOf("disabled", m.end()) < html.indexOf("</fieldset>", m.end())
                && html.indexOf("<fieldset", m.end()) >= 0
                && html.indexOf("<fieldset", m.end()) < html.indexOf("</form>", m.end());
        if (!disabled) {
          found.add(action);
        }
      }
    }
    if (html.contains("id=\"upload-form\"")) {
      found.add("upload");
    }
    return found;
  }

  @Test
  void aViewerSeesNoAdminControlOnAnyPage() {
    for (String page : pages()) {
      var r = viewer().get().redirects().follow(false).get(page);
      if (r.statusCode() == 403) {
        continue;
      }
      assertEquals(200, r.statusCode(), page);
      assertEquals(List.of(), controls(r.asString()), "admin controls a viewer sees on " + page);
    }
  }

  @Test
  void anAdminSeesTheControls() {
    assertTrue(controls(admin().get().get("/settings").asString()).contains("/settings/dhcp"));
    assertTrue(controls(admin().get().get("/library").asString()).contains("upload"));
    assertTrue(
        controls(admin().get().get("/profiles/local-disk").asString()).contains("/profiles/save"));
  }
}
