package dev.bootkeeper.dashboard;

import dev.bootkeeper.boot.BootDecision;
import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEventRows;
import dev.bootkeeper.boot.BootRequest;
import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.boot.ClientUuid;
import dev.bootkeeper.boot.ConfigFormat;
import dev.bootkeeper.boot.Firmware;
import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.boot.ProfileSpec;
import dev.bootkeeper.boot.ProfileSpecs;
import dev.bootkeeper.boot.SecureBootCheck;
import dev.bootkeeper.boot.UefiChains;
import dev.bootkeeper.dashboard.auth.CsrfChecked;
import dev.bootkeeper.dashboard.auth.DashboardPage;
import dev.bootkeeper.dhcp.DhcpControl;
import dev.bootkeeper.inventory.HostService;
import dev.bootkeeper.inventory.ProfileService;
import dev.bootkeeper.store.BootEventEntity;
import dev.bootkeeper.store.Host;
import dev.bootkeeper.store.Profile;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One machine: its last boots drawn as a timeline, a diagnosis of where the last one stopped, and
 * what it would boot now (the rule that decides, the DHCP answer per firmware, the rendered
 * configs).
 */
@Path("/hosts")
@DashboardPage
@CsrfChecked
@Blocking
public class HostDetailResource {

  static final int MAX_EVENTS = 1000;

  @TemplateData
  public record BootSummary(int index, String started, int events, boolean selected) {}

  @TemplateData
  public record Answer(String firmware, String bootFile) {}

  @TemplateData
  public record Rendered(String id, String title, String text) {}

  private final Template detail;
  private final Ui ui;
  private final BootService boot;
  private final ProfileService profiles;
  private final DhcpControl dhcp;
  private final HostService hosts;

  public HostDetailResource(
      @Location("host.html") Template detail,
      Ui ui,
      BootService boot,
      ProfileService profiles,
      DhcpControl dhcp,
      HostService hosts) {
    this.hosts = hosts;
    this.detail = detail;
    this.ui = ui;
    this.boot = boot;
    this.profiles = profiles;
    this.dhcp = dhcp;
  }

  /**
   * The class shares its path with the other host pages so that {@code /hosts/new} is matched as
   * that page's literal path, not taken for a MAC.
   */
  @GET
  @Path("/{mac}")
  @Produces(MediaType.TEXT_HTML)
  @Transactional
  public TemplateInstance get(@PathParam("mac") String mac, @QueryParam("boot") Integer bootIndex) {
    MacAddress m = HostsResource.mac(mac);
    Optional<Host> host = Host.byMac(m.colon());

    List<BootEvent> events =
        new ArrayList<>(
            BootEventEntity.<BootEventEntity>find(
                    "mac", Sort.descending("at").and("id", Sort.Direction.Descending), m.colon())
                .page(Page.ofSize(MAX_EVENTS))
                .list()
                .stream()
                .map(BootEventRows::toEvent)
                .toList());
    Collections.reverse(events);
    List<List<BootEvent>> boots = BootTimeline.boots(events);
    int selected =
        bootIndex == null || bootIndex < 0 || bootIndex >= boots.size()
            ? boots.size() - 1
            : bootIndex;
    List<BootEvent> shown = boots.isEmpty() ? List.of() : boots.get(selected);
    List<BootSummary> summaries = new ArrayList<>();
    for (int i = boots.size() - 1; i >= 0 && summaries.size() < 12; i--) {
      List<BootEvent> b = boots.get(i);
      summaries.add(new BootSummary(i, Times.full(b.get(0).at()), b.size(), i == selected));
    }

    BootService.Plan plan = boot.plan(m);
    BootDecision decision = plan.decision();
    UefiChains.Choice chain = plan.uefiChain();
    ProfileSpec profile = decision.profile();
    // A boot is judged by the profile it was given (a one-shot rescue boot, a profile changed
    // since), which its DHCP answer and one-shot events record; today's profile only when none did.
    Optional<String> used = profileUsed(shown);
    ProfileSpec judgedBy =
        used.filter(name -> !name.equals(profile.name()))
            .flatMap(name -> Profile.byName(name).map(ProfileSpecs::from))
            .orElse(profile);
    List<String> secureBootProblems =
        chain.secureBoot() ? SecureBootCheck.problems(judgedBy, boot.imageRoot()) : List.of();
    BootDiagnosis.Result diagnosis =
        BootDiagnosis.diagnose(
            shown,
            expectation(judgedBy).onSecureBoot(chain.secureBoot(), secureBootProblems),
            Instant.now());

    Optional<ClientUuid> uuid = host.map(h -> h.uuid).flatMap(ClientUuid::parseWireOrder);
    List<Answer> answers =
        List.of(
            answer("BIOS PXE", m, uuid, Firmware.BIOS, false, profile, chain),
            answer("UEFI x86-64 PXE", m, uuid, Firmware.UEFI_X64, false, profile, chain),
            answer("UEFI arm64 PXE", m, uuid, Firmware.UEFI_ARM64, false, profile, chain),
            answer("UEFI HTTP Boot", m, uuid, Firmware.UEFI_HTTP_X64, false, profile, chain),
            answer("iPXE", m, uuid, Firmware.BIOS, true, profile, chain));
    List<Rendered> rendered = new ArrayList<>();
    for (ConfigFormat f : ConfigFormat.values()) {
      rendered.add(
          new Rendered(
              f.id(), title(f), boot.renderer().render(profile, f, boot.context(Optional.of(m)))));
    }
    return ui.page(detail, "hosts")
        .data("mac", m.colon())
        .data("known", host.isPresent())
        .data("host", host.map(h -> HostRow.of(h, decision)).orElse(null))
        .data("uuid", host.map(h -> h.uuid).orElse(null))
        .data("notes", host.map(h -> h.notes).orElse(null))
        .data("form", hosts.find(m).map(HostForm::of).orElse(new HostForm()))
        .data("firstSeen", host.map(h -> Times.full(h.firstSeen)).orElse(""))
        .data("steps", BootTimeline.layout(shown))
        .data("boots", summaries)
        .data("bootCount", boots.size())
        .data("started", shown.isEmpty() ? "" : Times.full(shown.get(0).at()))
        .data("diagnosis", diagnosis)
        .data("bootProfile", shown.isEmpty() ? null : judgedBy.name())
        .data("profileName", profile.name())
        .data("profileKind", profile.kind().name().toLowerCase(java.util.Locale.ROOT))
        .data("reason", decision.reason())
        .data("considered", decision.considered())
        .data("rule", decision.rule().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
        .data("answers", answers)
        .data("uefiChain", chain.secureBoot() ? "Secure Boot (shim, signed GRUB)" : "iPXE")
        .data("uefiChainReason", chain.reason())
        .data("secureBootProblems", secureBootProblems)
        .data("rendered", rendered)
        .data("profiles", profiles.names())
        .data("dhcpOptions", OptionLines.options(boot.dhcpOptions(m)))
        .data(
            "dhcpOffer",
            dhcp.preview(host.map(h -> h.ip).flatMap(Ipv4::parse), boot.dhcpOptions(m))
                .orElse(null));
  }

  /** The profile a boot was given, as its events recorded it (the last one that names one). */
  static Optional<String> profileUsed(List<BootEvent> boot) {
    for (int i = boot.size() - 1; i >= 0; i--) {
      String name = boot.get(i).facts().profile();
      if (name != null && !name.isBlank()) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  static BootDiagnosis.Expectation expectation(ProfileSpec p) {
    boolean stage3 =
        p.stage3Method().isPresent()
            || (p.cmdline() != null
                && p.cmdline().matches(".*\\b(archiso_\\w+_srv|nfsroot|netboot)=.*"));
    return new BootDiagnosis.Expectation(p.kind(), !p.initrds().isEmpty(), stage3);
  }

  private Answer answer(
      String label,
      MacAddress mac,
      Optional<ClientUuid> uuid,
      Firmware fw,
      boolean ipxe,
      ProfileSpec profile,
      UefiChains.Choice chain) {
    return new Answer(
        label,
        boot.loaderFor(new BootRequest(mac, uuid, Optional.empty(), fw, ipxe), profile, chain));
  }

  static String title(ConfigFormat f) {
    return switch (f) {
      case PXELINUX -> "pxelinux";
      case IPXE -> "iPXE";
      case GRUB -> "GRUB";
    };
  }
}
