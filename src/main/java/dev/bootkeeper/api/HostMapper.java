package dev.bootkeeper.api;

import dev.bootkeeper.boot.ClientUuid;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.store.Host;
import dev.bootkeeper.store.Profile;
import java.util.LinkedHashMap;

/** Validates host input and copies it between the API form and the entity. */
final class HostMapper {

  private HostMapper() {}

  static HostDto toDto(Host h) {
    return new HostDto(
        h.mac,
        h.hostname,
        h.profile == null ? null : h.profile.name,
        h.nextBootProfile == null ? null : h.nextBootProfile.name,
        h.uuid,
        h.ip,
        new LinkedHashMap<>(h.labels),
        h.notes,
        h.discovered,
        h.firstSeen,
        h.lastSeen);
  }

  static MacAddress mac(String text) {
    return MacAddress.parse(text)
        .orElseThrow(
            () ->
                ApiProblem.badRequest(
                    "'"
                        + Fields.line("mac", text, 64)
                        + "' is not a MAC address (use aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or"
                        + " aabbccddeeff)"));
  }

  /** Checks every field, then replaces the host's configuration with it. */
  static void apply(HostDto in, Host target) {
    if (in == null) {
      throw ApiProblem.badRequest("a JSON host is required");
    }
    String hostname = Fields.blankToNull(Fields.line("hostname", in.hostname(), 253));
    if (hostname != null && !Fields.HOSTNAME.matcher(hostname).matches()) {
      throw ApiProblem.badRequest("hostname '" + hostname + "' is not a valid host name");
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
                      ApiProblem.badRequest(
                          "uuid '"
                              + in.uuid()
                              + "' is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)"));
    }
    String ip = Fields.ipv4("ip", in.ip());
    if (ip != null) {
      Host other = Host.<Host>find("ip", ip).firstResult();
      if (other != null && !other.mac.equals(target.mac)) {
        throw ApiProblem.conflict("ip " + ip + " is already reserved for " + other.mac);
      }
    }
    Fields.labels("labels", in.labels());
    String notes = Fields.text("notes", in.notes(), 4000);

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
    target.discovered = false;
  }

  private static Profile profileRef(String field, String name) {
    String n = Fields.blankToNull(Fields.line(field, name, 64));
    if (n == null) {
      return null;
    }
    return Profile.byName(n)
        .orElseThrow(() -> ApiProblem.badRequest(field + ": no profile named '" + n + "'"));
  }
}
