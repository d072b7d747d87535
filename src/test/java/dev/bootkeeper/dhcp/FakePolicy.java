package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.BootPolicy;
import dev.bootkeeper.boot.BootRequest;
import dev.bootkeeper.boot.DhcpBootAnswer;
import dev.bootkeeper.boot.DhcpOptionSpec;
import dev.bootkeeper.boot.MacAddress;
import java.net.Inet4Address;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A BootPolicy with the lead's default loaders and a reservation table. */
final class FakePolicy implements BootPolicy {

  final Inet4Address server;
  final Map<MacAddress, Inet4Address> reservations = new ConcurrentHashMap<>();
  final List<BootRequest> asked = new CopyOnWriteArrayList<>();
  final Map<MacAddress, List<DhcpOptionSpec>> hostOptions = new ConcurrentHashMap<>();

  FakePolicy(Inet4Address server) {
    this.server = server;
  }

  @Override
  public DhcpBootAnswer firstStage(BootRequest r) {
    asked.add(r);
    String base = "http://" + server.getHostAddress() + ":8080";
    String file;
    if (r.ipxe()) {
      file = base + "/boot.ipxe?mac=" + r.mac().colon();
    } else if (r.firmware().isHttpBoot()) {
      file = base + "/ipxe.efi";
    } else {
      file =
          switch (r.firmware()) {
            case UEFI_X64 -> "ipxe.efi";
            case UEFI_ARM64 -> "ipxe-arm64.efi";
            default -> "pxelinux.0";
          };
    }
    return new DhcpBootAnswer(file, server, "default");
  }

  @Override
  public Optional<Inet4Address> reservedAddress(MacAddress mac) {
    return Optional.ofNullable(reservations.get(mac));
  }

  @Override
  public boolean isReservedForOther(Inet4Address ip, MacAddress mac) {
    return reservations.entrySet().stream()
        .anyMatch(e -> e.getValue().equals(ip) && !e.getKey().equals(mac));
  }

  @Override
  public List<DhcpOptionSpec> dhcpOptions(MacAddress mac) {
    return hostOptions.getOrDefault(mac, List.of());
  }
}
