package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.BootPolicy;
import dev.bootkeeper.boot.BootRequest;
import dev.bootkeeper.boot.DhcpBootAnswer;
import java.util.Optional;

/**
 * The boot part of a reply to a client that is not PXE firmware: a plain DHCP client that asks for
 * a boot file (options 66/67 in its option 55, as ISC dhclient can) or a board whose vendor class
 * has a configured boot file ({@code U-Boot.armv8}). It gets the boot file in the BOOTP {@code
 * file} field and the server in {@code sname} (RFC 2131 §2), and options 66 and 67 when it asks for
 * them or matched a vendor class. Options 66 and 67 exist for when {@code sname} and {@code file}
 * carry options instead (RFC 2132 §9.4, §9.5, §9.3); Bootkeeper never overloads them, so the fields
 * and the options always agree.
 */
final class PlainBoot {

  private PlainBoot() {}

  static boolean asksForBootFile(DhcpPacket request) {
    return PxeBoot.requested(request, DhcpOption.TFTP_SERVER_NAME)
        || PxeBoot.requested(request, DhcpOption.BOOTFILE_NAME);
  }

  /**
   * The policy's answer (so the board is recorded and its profile decides the file), with the
   * vendor class's boot file in place of the loader when one matched.
   */
  static DhcpBootAnswer answer(
      BootPolicy policy, BootRequest request, Optional<VendorBootFile> vendor) {
    DhcpBootAnswer a = policy.firstStage(request);
    return vendor.map(v -> new DhcpBootAnswer(v.bootFile(), a.nextServer(), a.profile())).orElse(a);
  }

  static void addOptions(
      DhcpOptions.Builder b, DhcpPacket request, DhcpBootAnswer answer, boolean vendorMatched) {
    if (PxeBoot.requested(request, DhcpOption.TFTP_SERVER_NAME)) {
      b.setString(DhcpOption.TFTP_SERVER_NAME, answer.nextServer().getHostAddress());
    }
    if (vendorMatched || PxeBoot.requested(request, DhcpOption.BOOTFILE_NAME)) {
      b.setString(DhcpOption.BOOTFILE_NAME, answer.bootFile());
    }
  }

  /** siaddr, {@code sname} and {@code file}. */
  static DhcpPacket addFields(DhcpPacket reply, DhcpBootAnswer answer) {
    return reply
        .withAddresses(reply.ciaddr(), reply.yiaddr(), answer.nextServer(), reply.flags())
        .withBoot(answer.nextServer().getHostAddress(), answer.bootFile());
  }

  static String describe(DhcpBootAnswer answer, Optional<VendorBootFile> vendor) {
    return answer.bootFile()
        + " from "
        + answer.nextServer().getHostAddress()
        + vendor
            .map(v -> " (vendor class " + v.vendorClass() + ")")
            .orElse(" (asked for a boot file; profile " + answer.profile() + ")");
  }
}
