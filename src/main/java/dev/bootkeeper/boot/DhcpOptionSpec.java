package dev.bootkeeper.boot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * One DHCP option as a person writes it, for a subnet or a host, before the DHCP server checks and
 * encodes it: {@code {"option":"ntp-servers","value":"192.0.2.1, 192.0.2.2"}} or {@code
 * {"option":"150","type":"ip","value":"192.0.2.5"}}. Kept as text here so the policy can hand a
 * host's options to DHCP without knowing the wire format.
 *
 * @param option a name ({@code ntp-servers}, {@code mtu}, {@code classless-static-routes}, {@code
 *     domain-search}) or a code 1-254
 * @param type the value's type for a code without a name: {@code ip}, {@code ips}, {@code string},
 *     {@code u8}, {@code u16}, {@code u32}, {@code bool}, {@code hex}
 * @param value the value as text; lists are comma-separated
 * @param always true: sent even when the client does not ask for it in option 55
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DhcpOptionSpec(String option, String type, String value, Boolean always) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<DhcpOptionSpec>> LIST = new TypeReference<>() {};

  public boolean sentAlways() {
    return Boolean.TRUE.equals(always);
  }

  /**
   * Reads the stored form (a JSON array); null or blank is no options.
   *
   * @throws IllegalArgumentException when the text is not such an array
   */
  public static List<DhcpOptionSpec> fromJson(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    try {
      return List.copyOf(JSON.readValue(text, LIST));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not a JSON array of DHCP options: " + e.getOriginalMessage(), e);
    }
  }

  /** The stored form; null for no options, so an empty list leaves the column empty. */
  public static String toJson(List<DhcpOptionSpec> specs) {
    if (specs == null || specs.isEmpty()) {
      return null;
    }
    try {
      return JSON.writeValueAsString(specs);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write DHCP options as JSON", e);
    }
  }
}
