package dev.bootkeeper.inventory;

import dev.bootkeeper.boot.ClientUuid;
import dev.bootkeeper.store.Host;
import dev.bootkeeper.store.Profile;
import dev.bootkeeper.store.UefiChain;
import java.util.LinkedHashMap;

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
        h.lastSeen);
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
    target.discovered = false;
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
