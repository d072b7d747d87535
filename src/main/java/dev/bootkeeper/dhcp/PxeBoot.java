package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.BootRequest;
import dev.bootkeeper.boot.DhcpBootAnswer;
import dev.bootkeeper.boot.MacAddress;
import java.net.Inet4Address;
import java.util.Optional;

/** The boot part of a reply to a network-boot client: siaddr, file and the PXE options. */
final class PxeBoot {

  /**
   * Option 43, PXE sub-option 6 (discovery control) = 8: "a boot file name is in this offer,
   * download it, skip boot-server discovery", then the 0xFF end (PXE spec 2.1; as dnsmasq sends it
   * when there is no menu). Together with option 60 {@code PXEClient} it stops iPXE from waiting
   * for ProxyDHCP offers.
   */
  static final byte[] DISCOVERY_CONTROL = {6, 1, 8, (byte) 0xff};

  /** Option 175 sub-option 176 (no-pxedhcp) = 1: iPXE skips its ProxyDHCP wait (iPXE dhcp.h). */
  static final byte[] IPXE_NO_PXEDHCP = {(byte) 0xb0, 1, 1};

  private PxeBoot() {}

  static BootRequest request(MacAddress mac, PxeClientInfo info, Optional<Inet4Address> ip) {
    return new BootRequest(mac, info.uuid(), ip, info.firmware(), info.ipxe());
  }

  /** The vendor class a reply carries: what EDK2 checks to classify PXE and HTTP offers. */
  static String vendorClass(PxeClientInfo info) {
    return info.httpClient() ? PxeClientInfo.HTTP_CLIENT : PxeClientInfo.PXE_CLIENT;
  }

  /**
   * Adds options 60, 43 (when {@code discoveryControl}), 66 (only if requested: pxelinux and iPXE
   * use siaddr), 67, 97 (echoed, as dnsmasq, pixiecore and smee do) and, for iPXE, 175.176.
   */
  static void addOptions(
      DhcpOptions.Builder b,
      DhcpPacket request,
      PxeClientInfo info,
      DhcpBootAnswer answer,
      boolean discoveryControl) {
    b.setString(DhcpOption.VENDOR_CLASS, vendorClass(info));
    if (discoveryControl && !info.httpClient()) {
      b.set(DhcpOption.VENDOR_SPECIFIC, DISCOVERY_CONTROL);
    }
    if (requested(request, DhcpOption.TFTP_SERVER_NAME)) {
      b.setCString(DhcpOption.TFTP_SERVER_NAME, answer.nextServer().getHostAddress());
    }
    b.setCString(DhcpOption.BOOTFILE_NAME, answer.bootFile());
    request.options().get(DhcpOption.CLIENT_UUID).ifPresent(v -> b.set(DhcpOption.CLIENT_UUID, v));
    if (info.ipxe()) {
      b.set(DhcpOption.IPXE_ENCAP, IPXE_NO_PXEDHCP);
    }
  }

  /**
   * siaddr and {@code file} (pxelinux lets {@code file} override option 67, so keep both equal).
   */
  static DhcpPacket addFields(DhcpPacket reply, DhcpBootAnswer answer) {
    return reply
        .withAddresses(reply.ciaddr(), reply.yiaddr(), answer.nextServer(), reply.flags())
        .withBoot(reply.sname(), answer.bootFile());
  }

  static boolean requested(DhcpPacket request, int code) {
    byte[] prl = request.options().get(DhcpOption.PARAMETER_REQUEST_LIST).orElse(new byte[0]);
    for (byte c : prl) {
      if ((c & 0xff) == code) {
        return true;
      }
    }
    return false;
  }

  static String describe(PxeClientInfo info, DhcpBootAnswer answer) {
    return info.firmware()
        + (info.ipxe() ? " iPXE" : "")
        + " -> "
        + answer.bootFile()
        + " from "
        + answer.nextServer().getHostAddress()
        + " (profile "
        + answer.profile()
        + ")";
  }
}
