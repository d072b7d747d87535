package dev.bootkeeper.inventory;

import dev.bootkeeper.boot.ClientUuid;
import dev.bootkeeper.boot.DhcpOptionSpec;
import dev.bootkeeper.dhcp.ConfiguredOption;
import dev.bootkeeper.store.Host;
import dev.bootkeeper.store.Profile;
import dev.bootkeeper.store.UefiChain;
import java.util.LinkedHashMap;
import java.util.List;

/** Validates host input and copies it between its outside form and the entity. */
final class HostMapper {

  private HostMapper() {}

  static HostData toData(Host h) {
    return new HostData(
        h.mac,
        h.hostname,
        h.profile == null ? null : h.profile.name,
        h.nextBootProfile == null ? null : h.nextBootProfile.name,
        h.uuid,
        h.ip,
        new LinkedHashMap<>(h.labels),
        h.notes,
        h.uefiChain == null ? null : h.uefiChain.wireName(),
        h.discovered,
        h.firstSeen,
        h.lastSeen,
        dhcpOptions(h));
  }

  /** The stored options; null when there are none, so the JSON form leaves the field out. */
  private static List<DhcpOptionSpec> dhcpOptions(Host h) {
    try {
      List<DhcpOptionSpec> specs = DhcpOptionSpec.fromJson(h.dhcpOptions);
      return specs.isEmpty() ? null : specs;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Checks every field, then replaces the host's configuration with it. */
  static void apply(HostData in, Host target) {
    if (in == null) {
      throw InventoryException.invalid("a JSON host is required");
    }
    String hostname = Fields.blankToNull(Fields.line("hostname", in.hostname(), 253));
    if (hostname != null && !Fields.HOSTNAME.matcher(hostname).matches()) {
      throw InventoryException.invalid("hostname '" + hostname + "' is not a valid host name");
    }
    Profile profile = profileRef("profile", in.profile());
    Profile nextBoot = profileRef("nextBootProfile", in.nextBootProfile());
    String uuid = Fields.blankToNull(Fields.line("uuid", in.uuid(), 36));
    if (uuid != null) {
      uuid =
          ClientUuid.parseWireOrder(uuid)
              .map(ClientUuid::wireOrder)
              .orElseThrow(
                  () ->
                      InventoryException.invalid(
                          "uuid '"
                              + in.uuid()
                              + "' is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)"));
    }
    String ip = Fields.ipv4("ip", in.ip());
    if (ip != null) {
      Host other = Host.<Host>find("ip", ip).firstResult();
      if (other != null && !other.mac.equals(target.mac)) {
        throw InventoryException.conflict("ip " + ip + " is already reserved for " + other.mac);
      }
    }
    Fields.labels("labels", in.labels());
    String notes = Fields.text("notes", in.notes(), 4000);
    UefiChain uefiChain = Fields.uefiChain("uefiChain", in.uefiChain());
    String options = dhcpOptions(in.dhcpOptions());

    target.hostname = hostname;
    target.profile = profile;
    target.nextBootProfile = nextBoot;
    target.uuid = uuid;
    target.ip = ip;
    target.labels.clear();
    if (in.labels() != null) {
      target.labels.putAll(in.labels());
    }
    target.notes = notes;
    target.uefiChain = uefiChain;
    target.dhcpOptions = options;
    target.discovered = false;
  }

  /**
   * Checks the options as the DHCP server reads them (rules of {@link ConfiguredOption}) and
   * returns their stored form, normalised; null for none.
   */
  static String dhcpOptions(List<DhcpOptionSpec> given) {
    List<ConfiguredOption> parsed;
    try {
      parsed = ConfiguredOption.parse("dhcpOptions", given);
    } catch (IllegalArgumentException e) {
      throw InventoryException.invalid(e.getMessage());
    }
    String json = DhcpOptionSpec.toJson(parsed.stream().map(ConfiguredOption::spec).toList());
    if (json != null && json.length() > 8000) {
      throw InventoryException.invalid("dhcpOptions take more than 8000 characters stored");
    }
    return json;
  }

  private static Profile profileRef(String field, String name) {
    String n = Fields.blankToNull(Fields.line(field, name, 64));
    if (n == null) {
      return null;
    }
    return Profile.byName(n)
        .orElseThrow(() -> InventoryException.invalid(field + ": no profile named '" + n + "'"));
  }
}
