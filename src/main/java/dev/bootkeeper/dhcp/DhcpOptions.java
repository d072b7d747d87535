package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.Ipv4;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options of one DHCP message, in wire order. A code that appears more than once is kept as one
 * value with the parts concatenated in order (RFC 3396 §7), so a reader never sees a split option.
 * Values of any length are allowed here; the encoder splits values longer than 255 bytes into
 * consecutive instances of the same code (RFC 3396 §5).
 */
public final class DhcpOptions {

  private static final DhcpOptions EMPTY = new DhcpOptions(new LinkedHashMap<>());

  private final Map<Integer, byte[]> values;

  private DhcpOptions(LinkedHashMap<Integer, byte[]> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  public static DhcpOptions empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding a copy of these options, to derive a changed set. */
  public Builder toBuilder() {
    Builder b = new Builder();
    values.forEach(b::set);
    return b;
  }

  public boolean has(int code) {
    return values.containsKey(code);
  }

  /** The codes in wire order. */
  public Set<Integer> codes() {
    return values.keySet();
  }

  public Optional<byte[]> get(int code) {
    byte[] v = values.get(code);
    return v == null ? Optional.empty() : Optional.of(v.clone());
  }

  /** The value as ISO-8859-1 text with trailing NULs removed (option 60, 66, 67 and friends). */
  public Optional<String> string(int code) {
    byte[] v = values.get(code);
    if (v == null) {
      return Optional.empty();
    }
    int end = v.length;
    while (end > 0 && v[end - 1] == 0) {
      end--;
    }
    return Optional.of(new String(v, 0, end, StandardCharsets.ISO_8859_1));
  }

  /** A 4-byte address option; empty when absent or of another length. */
  public Optional<Inet4Address> address(int code) {
    byte[] v = values.get(code);
    return v == null || v.length != 4 ? Optional.empty() : Optional.of(Ipv4.fromBytes(v));
  }

  /** A 1-, 2- or 4-byte unsigned big-endian number; empty when absent or of another length. */
  public Optional<Long> number(int code) {
    byte[] v = values.get(code);
    if (v == null || !(v.length == 1 || v.length == 2 || v.length == 4)) {
      return Optional.empty();
    }
    long n = 0;
    for (byte b : v) {
      n = (n << 8) | (b & 0xff);
    }
    return Optional.of(n);
  }

  public Optional<DhcpMessageType> messageType() {
    byte[] v = values.get(DhcpOption.MESSAGE_TYPE);
    return v == null || v.length != 1 ? Optional.empty() : DhcpMessageType.fromCode(v[0] & 0xff);
  }

  /** Raw access for the encoder, without copying. */
  Map<Integer, byte[]> raw() {
    return values;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DhcpOptions other) || other.values.size() != values.size()) {
      return false;
    }
    List<Integer> a = new ArrayList<>(values.keySet());
    List<Integer> b = new ArrayList<>(other.values.keySet());
    if (!a.equals(b)) {
      return false;
    }
    for (Integer code : a) {
      if (!java.util.Arrays.equals(values.get(code), other.values.get(code))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (Map.Entry<Integer, byte[]> e : values.entrySet()) {
      h = 31 * h + e.getKey() * 17 + java.util.Arrays.hashCode(e.getValue());
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("{");
    values.forEach(
        (k, v) ->
            s.append(s.length() > 1 ? ", " : "")
                .append(k)
                .append('=')
                .append(java.util.HexFormat.of().formatHex(v)));
    return s.append('}').toString();
  }

  /** Collects options in order; setting a code again replaces its value in place. */
  public static final class Builder {
    private final LinkedHashMap<Integer, byte[]> values = new LinkedHashMap<>();

    private Builder() {}

    public Builder set(int code, byte[] value) {
      if (code <= DhcpOption.PAD || code >= DhcpOption.END) {
        throw new IllegalArgumentException("option code " + code + " cannot carry a value");
      }
      values.put(code, value.clone());
      return this;
    }

    /** Appends to an existing value: how repeated options are joined (RFC 3396 §7). */
    Builder append(int code, byte[] part) {
      byte[] old = values.get(code);
      if (old == null) {
        return set(code, part);
      }
      byte[] joined = java.util.Arrays.copyOf(old, old.length + part.length);
      System.arraycopy(part, 0, joined, old.length, part.length);
      values.put(code, joined);
      return this;
    }

    public Builder remove(int code) {
      values.remove(code);
      return this;
    }

    public Builder setByte(int code, int value) {
      return set(code, new byte[] {(byte) value});
    }

    public Builder setInt(int code, long value) {
      return set(
          code,
          new byte[] {
            (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
          });
    }

    public Builder setAddress(int code, Inet4Address address) {
      return set(code, address.getAddress());
    }

    public Builder setAddresses(int code, List<Inet4Address> addresses) {
      byte[] v = new byte[addresses.size() * 4];
      for (int i = 0; i < addresses.size(); i++) {
        System.arraycopy(addresses.get(i).getAddress(), 0, v, i * 4, 4);
      }
      return set(code, v);
    }

    /** Text without a terminator (option 60, 15, 12). */
    public Builder setString(int code, String value) {
      return set(code, value.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Text with a trailing NUL: some PXE ROMs copy options 66 and 67 without a length check
     * (dnsmasq's "buggy PXE" workaround in {@code do_options}).
     */
    public Builder setCString(int code, String value) {
      byte[] s = value.getBytes(StandardCharsets.ISO_8859_1);
      return set(code, java.util.Arrays.copyOf(s, s.length + 1));
    }

    public Builder messageType(DhcpMessageType type) {
      return setByte(DhcpOption.MESSAGE_TYPE, type.code());
    }

    public DhcpOptions build() {
      return new DhcpOptions(new LinkedHashMap<>(values));
    }
  }
}
