package dev.bootkeeper.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangesTest {

  private static HostData host(String hostname, Map<String, String> labels, String notes) {
    return new HostData(
        "52:54:00:00:00:01",
        hostname,
        null,
        null,
        null,
        null,
        labels,
        notes,
        null,
        null,
        null,
        null);
  }

  @Test
  void anUpdateListsOnlyTheFieldsThatChanged() {
    assertEquals(
        "hostname: web-1 -> web-2; labels: (none) -> {rack=3}",
        Changes.between(host("web-1", Map.of(), "n"), host("web-2", Map.of("rack", "3"), "n")));
  }

  @Test
  void aCreationListsWhatWasSetAndADeletionWhatWasThere() {
    HostData h = host("web-1", null, null);
    assertEquals("mac=52:54:00:00:00:01; hostname=web-1", Changes.between(null, h));
    assertEquals("mac=52:54:00:00:00:01; hostname=web-1", Changes.between(h, null));
  }

  @Test
  void timeStampsAndEmptyValuesAreNoChange() {
    HostData a = host("x", Map.of(), "");
    HostData b =
        new HostData(
            a.mac(),
            "x",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            true,
            java.time.OffsetDateTime.now(),
            java.time.OffsetDateTime.now(),
            List.of());
    assertEquals("no change", Changes.between(a, b));
  }

  @Test
  void valuesStayOnOneLineAndAreCut() {
    String summary =
        Changes.between(null, host("a", null, "line1\nERROR forged\u2028" + "x".repeat(300)));
    assertTrue(!summary.contains("\n") && !summary.contains("\u2028"), summary);
    assertTrue(summary.endsWith("…"), summary);
    assertTrue(summary.length() < 200, summary);
  }
}
