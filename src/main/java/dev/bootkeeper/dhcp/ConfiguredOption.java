package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.DhcpOptionSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An option an administrator set on a subnet or a host, checked and encoded.
 *
 * @param code the option code
 * @param type how the value was read, and how it is shown
 * @param value the encoded value, of any length (RFC 3396 splits it on the wire)
 * @param always sent even when the client's option 55 does not ask for it
 * @param spec the option as given, normalised (name or code, type, value), for storage and display
 */
public record ConfiguredOption(
    int code, OptionType type, byte[] value, boolean always, DhcpOptionSpec spec) {

  /** The common options, by the name people use for them (as dnsmasq and Kea spell them). */
  public enum Named {
    MTU("mtu", DhcpOption.MTU, OptionType.U16),
    NTP_SERVERS("ntp-servers", DhcpOption.NTP_SERVERS, OptionType.IPS),
    DOMAIN_SEARCH("domain-search", DhcpOption.DOMAIN_SEARCH, OptionType.DOMAINS),
    CLASSLESS_STATIC_ROUTES(
        "classless-static-routes", DhcpOption.CLASSLESS_ROUTES, OptionType.ROUTES);

    public final String label;
    public final int code;
    public final OptionType type;

    Named(String label, int code, OptionType type) {
      this.label = label;
      this.code = code;
      this.type = type;
    }

    static Optional<Named> of(String label) {
      return Arrays.stream(values()).filter(n -> n.label.equals(label)).findFirst();
    }

    static Optional<Named> of(int code) {
      return Arrays.stream(values()).filter(n -> n.code == code).findFirst();
    }
  }

  /** At most this many options per subnet or host. */
  public static final int MAX_OPTIONS = 32;

  public ConfiguredOption {
    value = value.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  /** {@code mtu (26)} or {@code option 150}: how the explain view and messages name it. */
  public String title() {
    return Named.of(code).map(n -> n.label + " (" + code + ")").orElse("option " + code);
  }

  /** The value as a person would write it. */
  public String text() {
    return type.format(value);
  }

  /**
   * Checks and encodes options as given.
   *
   * @param at the field the options came in, e.g. {@code subnets[0].options}, for messages
   * @throws IllegalArgumentException naming the entry ({@code at[2].value}) and what is wrong
   */
  public static List<ConfiguredOption> parse(String at, List<DhcpOptionSpec> specs) {
    if (specs == null || specs.isEmpty()) {
      return List.of();
    }
    if (specs.size() > MAX_OPTIONS) {
      throw new IllegalArgumentException(at + ": at most " + MAX_OPTIONS + " options");
    }
    Map<Integer, ConfiguredOption> byCode = new LinkedHashMap<>();
    for (int i = 0; i < specs.size(); i++) {
      ConfiguredOption o = one(at + "[" + i + "]", specs.get(i));
      if (byCode.put(o.code(), o) != null) {
        throw new IllegalArgumentException(
            at + "[" + i + "]: " + o.title() + " is given twice; give it once");
      }
    }
    return List.copyOf(byCode.values());
  }

  private static ConfiguredOption one(String at, DhcpOptionSpec spec) {
    if (spec == null || spec.option() == null || spec.option().isBlank()) {
      throw new IllegalArgumentException(
          at
              + ".option is required: a code 1-254 or one of "
              + String.join(", ", Arrays.stream(Named.values()).map(n -> n.label).toList()));
    }
    String option = spec.option().trim().toLowerCase(Locale.ROOT);
    Optional<Named> named = Named.of(option);
    int code;
    if (named.isPresent()) {
      code = named.get().code;
    } else if (option.matches("\\d{1,3}")) {
      code = Integer.parseInt(option);
    } else {
      throw new IllegalArgumentException(
          at
              + ".option '"
              + clip(spec.option())
              + "' is neither a code 1-254 nor one of "
              + String.join(", ", Arrays.stream(Named.values()).map(n -> n.label).toList()));
    }
    refused(code)
        .ifPresent(
            why -> {
              throw new IllegalArgumentException(at + ".option " + code + " cannot be set: " + why);
            });
    OptionType type = type(at, spec, code);
    byte[] value;
    try {
      value = type.encode(spec.value());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + ".value: " + e.getMessage(), e);
    }
    if (code == DhcpOption.MTU
        && type == OptionType.U16
        && ((value[0] & 0xff) << 8 | value[1] & 0xff) < 68) {
      throw new IllegalArgumentException(at + ".value: an MTU is at least 68 (RFC 2132 §5.1)");
    }
    String label = Named.of(code).filter(n -> n.type == type).map(n -> n.label).orElse("" + code);
    DhcpOptionSpec normal =
        new DhcpOptionSpec(
            label,
            label.equals("" + code) ? type.label() : null,
            type.format(value),
            spec.sentAlways() ? Boolean.TRUE : null);
    return new ConfiguredOption(code, type, value, spec.sentAlways(), normal);
  }

  private static OptionType type(String at, DhcpOptionSpec spec, int code) {
    if (spec.type() == null || spec.type().isBlank()) {
      return Named.of(code)
          .map(n -> n.type)
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      at + ".type is required for option " + code + ": " + OptionType.labels()));
    }
    return OptionType.of(spec.type())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    at + ".type '" + clip(spec.type()) + "' is not one of " + OptionType.labels()));
  }

  /** Why a code cannot be set by hand, when it cannot. */
  static Optional<String> refused(int code) {
    if (code < 1 || code > 254) {
      return Optional.of("codes are 1-254 (0 and 255 are pad and end)");
    }
    if (code == DhcpOption.SUBNET_MASK) {
      return Optional.of("the subnet mask comes from the subnet's prefix");
    }
    if ((code >= 50 && code <= 59) || code == DhcpOption.CLIENT_ID) {
      return Optional.of("it is part of the DHCP exchange itself (RFC 2132 §9)");
    }
    if (code == DhcpOption.TFTP_SERVER_NAME || code == DhcpOption.BOOTFILE_NAME) {
      return Optional.of(
          "the boot file and its server come from the boot profile and the vendor-class boot"
              + " files");
    }
    if (code == DhcpOption.RELAY_AGENT_INFO || code == DhcpOption.SUBNET_SELECTION) {
      return Optional.of("it is sent by relays and clients, and echoed, never set");
    }
    if (code == DhcpOption.MS_CLASSLESS_ROUTES) {
      return Optional.of(
          "set classless-static-routes (121); clients that ask for 249 get the same routes");
    }
    return Optional.empty();
  }

  /**
   * The options for one client: the host's replace the subnet's of the same code (a per-host value
   * overrides a per-subnet one), in the subnet's order, then the host's own.
   */
  public static List<ConfiguredOption> merge(
      List<ConfiguredOption> subnet, List<ConfiguredOption> host) {
    Map<Integer, ConfiguredOption> byCode = new LinkedHashMap<>();
    subnet.forEach(o -> byCode.put(o.code(), o));
    host.forEach(o -> byCode.put(o.code(), o));
    return new ArrayList<>(byCode.values());
  }

  private static String clip(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfiguredOption c
        && c.code == code
        && c.type == type
        && Arrays.equals(c.value, value)
        && c.always == always;
  }

  @Override
  public int hashCode() {
    return code * 31 + Arrays.hashCode(value);
  }
}
