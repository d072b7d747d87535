package dev.bootkeeper.api;

import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.store.Host;
import dev.bootkeeper.store.Profile;
import dev.bootkeeper.store.Setting;
import io.quarkus.panache.common.Sort;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/**
 * Inventory as code: every profile and host as one JSON document, to keep in git and to import on
 * the same or another appliance. An import is one transaction: if any entry is wrong, nothing is
 * written and the error names the entry.
 */
@Path("/api/v1/inventory")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InventoryResource {

  public static final String FORMAT = "bootkeeper-inventory";

  public record Inventory(
      String format,
      Integer version,
      String defaultProfile,
      List<ProfileDto> profiles,
      List<HostDto> hosts) {}

  public record ImportResult(
      int profilesCreated, int profilesUpdated, int hostsCreated, int hostsUpdated) {}

  private final BootService boot;

  public InventoryResource(BootService boot) {
    this.boot = boot;
  }

  @GET
  @Transactional
  public Inventory export() {
    List<ProfileDto> profiles =
        Profile.<Profile>listAll(Sort.by("name")).stream()
            .map(InventoryResource::portable)
            .toList();
    List<HostDto> hosts =
        Host.<Host>list("discovered = false", Sort.by("mac")).stream()
            .map(HostMapper::toDto)
            .map(InventoryResource::portable)
            .toList();
    return new Inventory(FORMAT, 1, boot.defaultProfile().name(), profiles, hosts);
  }

  @POST
  @Transactional
  public ImportResult importInventory(Inventory in) {
    if (in == null || !FORMAT.equals(in.format())) {
      throw ApiProblem.badRequest("not an inventory document: 'format' must be '" + FORMAT + "'");
    }
    if (in.version() == null || in.version() != 1) {
      throw ApiProblem.badRequest("inventory version " + in.version() + " is not supported (1 is)");
    }
    int pc = 0;
    int pu = 0;
    List<ProfileDto> profiles = in.profiles() == null ? List.of() : in.profiles();
    for (int i = 0; i < profiles.size(); i++) {
      ProfileDto dto = profiles.get(i);
      try {
        Profile p =
            dto == null || dto.name() == null ? null : Profile.byName(dto.name()).orElse(null);
        boolean created = p == null;
        if (created) {
          p = new Profile();
        }
        ProfileMapper.apply(dto, p);
        if (created) {
          p.persist();
          pc++;
        } else {
          pu++;
        }
      } catch (ApiProblem e) {
        throw new ApiProblem(e.status(), "profiles[" + i + "]: " + e.getMessage());
      }
    }
    Profile.flush();
    int hc = 0;
    int hu = 0;
    List<HostDto> hosts = in.hosts() == null ? List.of() : in.hosts();
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < hosts.size(); i++) {
      HostDto dto = hosts.get(i);
      try {
        if (dto == null || dto.mac() == null) {
          throw ApiProblem.badRequest("mac is required");
        }
        MacAddress mac = HostMapper.mac(dto.mac());
        if (seen.contains(mac.colon())) {
          throw ApiProblem.badRequest("MAC " + mac.colon() + " appears twice");
        }
        seen.add(mac.colon());
        Host h = Host.byMac(mac.colon()).orElse(null);
        boolean created = h == null;
        if (created) {
          h = new Host();
          h.mac = mac.colon();
        }
        HostMapper.apply(dto, h);
        if (created) {
          h.persist();
          hc++;
        } else {
          hu++;
        }
        Host.flush();
      } catch (ApiProblem e) {
        throw new ApiProblem(e.status(), "hosts[" + i + "]: " + e.getMessage());
      }
    }
    if (in.defaultProfile() != null) {
      String name = in.defaultProfile();
      Profile.byName(name)
          .orElseThrow(
              () -> ApiProblem.badRequest("defaultProfile: no profile named '" + name + "'"));
      Setting.put(Setting.DEFAULT_PROFILE, name);
    }
    return new ImportResult(pc, pu, hc, hu);
  }

  private static ProfileDto portable(Profile p) {
    ProfileDto d = ProfileMapper.toDto(p);
    return new ProfileDto(
        d.name(),
        d.description(),
        d.kind(),
        d.kernel(),
        d.initrds(),
        d.cmdline(),
        d.ipxeScript(),
        d.stage3(),
        d.templates(),
        d.selector(),
        d.selectorPriority(),
        null,
        null);
  }

  private static HostDto portable(HostDto h) {
    return new HostDto(
        h.mac(),
        h.hostname(),
        h.profile(),
        h.nextBootProfile(),
        h.uuid(),
        h.ip(),
        h.labels(),
        h.notes(),
        null,
        null,
        null);
  }
}
