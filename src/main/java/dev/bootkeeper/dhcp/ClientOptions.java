package dev.bootkeeper.dhcp;

import java.util.List;

/**
 * Adds configured options to a reply. RFC 2131 §4.3.1: beyond what the protocol requires, a server
 * sends the options the client lists in option 55, so a configured option goes only to clients that
 * ask for it, unless it is marked {@code always} (what dnsmasq calls {@code dhcp-option-force}, for
 * clients such as U-Boot that ask for little).
 */
final class ClientOptions {

  private ClientOptions() {}

  static void add(DhcpOptions.Builder b, DhcpPacket request, List<ConfiguredOption> options) {
    for (ConfiguredOption o : options) {
      if (o.always() || PxeBoot.requested(request, o.code())) {
        b.set(o.code(), o.value());
      }
      // Windows clients ask for classless routes under Microsoft's code 249, in the same format.
      if (o.code() == DhcpOption.CLASSLESS_ROUTES
          && PxeBoot.requested(request, DhcpOption.MS_CLASSLESS_ROUTES)) {
        b.set(DhcpOption.MS_CLASSLESS_ROUTES, o.value());
      }
    }
  }
}
