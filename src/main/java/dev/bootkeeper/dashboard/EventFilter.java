package dev.bootkeeper.dashboard;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import io.quarkus.panache.common.Parameters;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The Live events page's filters: one machine (typed as a MAC address, an IP address or a
 * hostname), a protocol and an outcome. The same filter selects the stored rows (as JPQL, every
 * value a bound parameter) and the live ones (as a predicate on each new event), so the page never
 * shows a live row its stored rows would leave out.
 *
 * <p>A hostname is turned into the MACs of the hosts it names ({@code node1} also finds {@code
 * node1.lab}), because boot events carry the MAC and the address, not the name.
 *
 * @param host what was typed in the machine box, trimmed
 * @param macs the MACs the machine box stands for; empty when it is blank or an IP address
 * @param ip the IP address typed, or empty
 * @param protocol the protocol chosen, or empty for any
 * @param outcome the outcome chosen, or empty for any
 * @param problem what is wrong with the filter, said for a person; empty when it is usable
 */
record EventFilter(
    String host,
    List<String> macs,
    String ip,
    Optional<BootEvent.Protocol> protocol,
    Optional<BootEvent.Outcome> outcome,
    String problem) {

  static final EventFilter NONE =
      new EventFilter("", List.of(), "", Optional.empty(), Optional.empty(), "");

  /**
   * Reads the filters as the page's form sends them.
   *
   * @param hostnames the MACs of the hosts a typed hostname names: consulted only when the text is
   *     neither a MAC nor an IP address
   */
  static EventFilter parse(
      String hostText,
      String protocolText,
      String outcomeText,
      Function<String, List<String>> hostnames) {
    String host = hostText == null ? "" : hostText.strip();
    List<String> problems = new ArrayList<>();
    Optional<BootEvent.Protocol> protocol =
        choice(BootEvent.Protocol.class, protocolText, "protocol", problems);
    Optional<BootEvent.Outcome> outcome =
        choice(BootEvent.Outcome.class, outcomeText, "outcome", problems);
    List<String> macs = List.of();
    String ip = "";
    if (!host.isEmpty()) {
      Optional<MacAddress> mac = MacAddress.parse(host);
      if (mac.isPresent()) {
        macs = List.of(mac.get().colon());
      } else if (Ipv4.parse(host).isPresent()) {
        ip = Ipv4.parse(host).get().getHostAddress();
      } else {
        macs = hostnames.apply(host.toLowerCase(Locale.ROOT));
        if (macs.isEmpty()) {
          problems.add(
              "No host is named '"
                  + Ui.shortened(host)
                  + "'. Type a hostname from the Hosts list, a MAC address or an IP address.");
        }
      }
    }
    return new EventFilter(host, macs, ip, protocol, outcome, String.join(" ", problems));
  }

  /**
   * Reads the stream's query string, as {@link #streamQuery} wrote it; a value the page would never
   * send is refused.
   */
  static EventFilter ofStream(List<String> macTexts, String ip, String protocol, String outcome) {
    List<String> macs = new ArrayList<>();
    for (String m : macTexts == null ? List.<String>of() : macTexts) {
      macs.add(
          MacAddress.parse(m)
              .orElseThrow(
                  () ->
                      DashboardException.badRequest(
                          "'" + Ui.shortened(m) + "' is not a MAC address."))
              .colon());
    }
    String address = ip == null || ip.isBlank() ? "" : ip.strip();
    if (!address.isEmpty() && Ipv4.parse(address).isEmpty()) {
      throw DashboardException.badRequest(
          "'" + Ui.shortened(address) + "' is not an IPv4 address.");
    }
    EventFilter f = parse("", protocol, outcome, h -> List.of());
    if (!f.problem().isEmpty()) {
      throw DashboardException.badRequest(f.problem());
    }
    return new EventFilter("", macs, address, f.protocol(), f.outcome(), "");
  }

  /** True when the filter cannot be used as typed: the page says why and lists no event. */
  boolean refused() {
    return !problem.isEmpty();
  }

  /** The condition on stored events, or empty for all of them. */
  String where(Parameters params) {
    List<String> where = new ArrayList<>();
    if (!macs.isEmpty()) {
      where.add("mac in :macs");
      params.and("macs", macs);
    }
    if (!ip.isEmpty()) {
      where.add("ip = :ip");
      params.and("ip", ip);
    }
    protocol.ifPresent(
        p -> {
          where.add("protocol = :protocol");
          params.and("protocol", p.name());
        });
    outcome.ifPresent(
        o -> {
          where.add("outcome = :outcome");
          params.and("outcome", o.name());
        });
    return String.join(" and ", where);
  }

  /** The same condition on a new event, for the live stream. */
  Predicate<BootEvent> live() {
    return e ->
        (macs.isEmpty() || macs.contains(e.mac()))
            && (ip.isEmpty() || ip.equals(e.ip()))
            && protocol.map(p -> p == e.protocol()).orElse(true)
            && outcome.map(o -> o == e.outcome()).orElse(true);
  }

  /** The stream's query string: the machine already resolved to MACs, so it is not looked up. */
  String streamQuery() {
    List<String> parts = new ArrayList<>();
    macs.forEach(m -> parts.add("mac=" + encode(m)));
    if (!ip.isEmpty()) {
      parts.add("ip=" + encode(ip));
    }
    protocol.ifPresent(p -> parts.add("protocol=" + p.name().toLowerCase(Locale.ROOT)));
    outcome.ifPresent(o -> parts.add("outcome=" + o.name().toLowerCase(Locale.ROOT)));
    return parts.isEmpty() ? "" : "?" + String.join("&", parts);
  }

  /** True when any filter is set. */
  boolean any() {
    return !host.isEmpty() || protocol.isPresent() || outcome.isPresent();
  }

  private static <E extends Enum<E>> Optional<E> choice(
      Class<E> type, String text, String what, List<String> problems) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      problems.add(
          "The "
              + what
              + " '"
              + Ui.shortened(text)
              + "' is not one of "
              + Arrays.stream(type.getEnumConstants())
                  .map(c -> c.name().toLowerCase(Locale.ROOT))
                  .collect(Collectors.joining(", "))
              + ".");
      return Optional.empty();
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
