package dev.bootkeeper.api;

import dev.bootkeeper.boot.BootDecision;
import dev.bootkeeper.boot.BootRequest;
import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.boot.ClientUuid;
import dev.bootkeeper.boot.ConfigPath;
import dev.bootkeeper.boot.Firmware;
import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.inventory.Fields;
import dev.bootkeeper.inventory.HostData;
import dev.bootkeeper.inventory.HostService;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@Path("/api/v1/boot")
@Produces(MediaType.APPLICATION_JSON)
public class BootResource {

  private final BootService boot;
  private final HostService hosts;

  public BootResource(BootService boot, HostService hosts) {
    this.boot = boot;
    this.hosts = hosts;
  }

  /**
   * @param rule which rule chose the profile: NEXT_BOOT, HOST_PROFILE, LABEL_SELECTOR or DEFAULT
   * @param considered each rule looked at, in order, with what it found
   * @param dhcpBootFile the boot file DHCP hands this machine, per firmware
   * @param uefiChain the loader chain on x86-64 UEFI: {@code ipxe} or {@code secure-boot}
   * @param uefiChainReason which rule chose that chain
   * @param pxelinuxSearch the config names pxelinux tries, in order
   */
  public record Explanation(
      String mac,
      String profile,
      String rule,
      String reason,
      List<String> considered,
      Map<String, String> dhcpBootFile,
      String uefiChain,
      String uefiChainReason,
      List<String> pxelinuxSearch,
      HostData host) {}

  /** Which rule chose which profile for this MAC, and why. */
  @GET
  @Path("/explain")
  @Transactional
  public Explanation explain(@QueryParam("mac") String mac) {
    if (mac == null || mac.isBlank()) {
      throw ApiProblem.badRequest("the query parameter mac is required");
    }
    MacAddress m = Fields.mac(mac);
    Optional<HostData> host = hosts.find(m);
    BootService.Plan plan = boot.plan(m);
    BootDecision d = plan.decision();
    Optional<ClientUuid> uuid = host.map(HostData::uuid).flatMap(ClientUuid::parseWireOrder);
    Map<String, String> dhcp = new LinkedHashMap<>();
    dhcp.put("bios", loader(m, uuid, Firmware.BIOS, false, plan));
    dhcp.put("uefi-x64", loader(m, uuid, Firmware.UEFI_X64, false, plan));
    dhcp.put("uefi-arm64", loader(m, uuid, Firmware.UEFI_ARM64, false, plan));
    dhcp.put("uefi-http", loader(m, uuid, Firmware.UEFI_HTTP_X64, false, plan));
    dhcp.put("ipxe", loader(m, uuid, Firmware.BIOS, true, plan));
    return new Explanation(
        m.colon(),
        d.profile().name(),
        d.rule().name(),
        d.reason(),
        d.considered(),
        dhcp,
        plan.uefiChain().chain().wireName(),
        plan.uefiChain().reason(),
        ConfigPath.pxelinuxSearchOrder(uuid, m, host.map(HostData::ip).flatMap(Ipv4::parse)),
        host.orElse(null));
  }

  private String loader(
      MacAddress mac, Optional<ClientUuid> uuid, Firmware fw, boolean ipxe, BootService.Plan p) {
    return boot.loaderFor(
        new BootRequest(mac, uuid, Optional.empty(), fw, ipxe),
        p.decision().profile(),
        p.uefiChain());
  }
}
