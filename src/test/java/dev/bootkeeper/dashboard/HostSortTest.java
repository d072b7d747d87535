package dev.bootkeeper.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostSortTest {

  static HostRow row(String mac, String ip, String profile) {
    return new HostRow(mac, "", ip, profile, "host", "", "", "", "", false);
  }

  @Test
  void aLeadingMinusIsDescendingAndAClickReversesOnlyItsOwnColumn() {
    HostSort seen = HostSort.parse("-seen");
    assertEquals(new HostSort("seen", true), seen);
    assertEquals("seen", seen.clicked("seen").param());
    assertEquals("hostname", seen.clicked("hostname").param());
    assertEquals(HostSort.DEFAULT, HostSort.parse(" "));
  }

  @Test
  void anUnknownColumnIsRefusedWithTheChoices() {
    DashboardException e = assertThrows(DashboardException.class, () -> HostSort.parse("colour"));
    assertTrue(
        e.getMessage().contains("sorts by mac, hostname, ip, profile, seen"), e.getMessage());
  }

  @Test
  void addressesSortAsNumbersAndHostsWithoutOneComeLast() {
    List<HostRow> rows =
        List.of(
            row("52:54:00:00:00:01", "198.18.0.10", "a"),
            row("52:54:00:00:00:02", "", "a"),
            row("52:54:00:00:00:03", "198.18.0.9", "a"));
    assertEquals(
        List.of("198.18.0.9", "198.18.0.10", ""),
        rows.stream().sorted(HostSort.parse("ip").rows()).map(HostRow::ip).toList());
    assertFalse(HostSort.parse("ip").inDatabase());
    assertTrue(HostSort.parse("-hostname").inDatabase());
  }
}
