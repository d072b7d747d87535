package dev.bootkeeper.boot;

import java.util.HexFormat;
import java.util.Optional;

/**
 * A client machine UUID as carried in DHCP option 97: 16 raw bytes in wire order. pxelinux and GRUB
 * print these bytes as they are; iPXE's {@code ${uuid}} and dmidecode show the canonical form,
 * whose first three groups are byte-swapped (EFI GUID order). Both forms are derived from the raw
 * bytes, so neither is lost.
 */
public record ClientUuid(byte[] raw) {

  public ClientUuid {
    if (raw == null || raw.length != 16) {
      throw new IllegalArgumentException("a UUID has 16 bytes");
    }
    raw = raw.clone();
  }

  @Override
  public byte[] raw() {
    return raw.clone();
  }

  /** Parses {@code xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx} as raw wire-order bytes. */
  public static Optional<ClientUuid> parseWireOrder(String text) {
    if (text == null
        || !text.trim()
            .matches("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
      return Optional.empty();
    }
    return Optional.of(new ClientUuid(HexFormat.of().parseHex(text.trim().replace("-", ""))));
  }

  /** The name pxelinux looks for ({@code pxelinux.cfg/<uuid>}): raw bytes, lower-case, no swap. */
  public String wireOrder() {
    return format(raw);
  }

  /** The canonical (SMBIOS / dmidecode / iPXE {@code ${uuid}}) form. */
  public String canonical() {
    byte[] b = raw.clone();
    swap(b, 0, 3);
    swap(b, 1, 2);
    swap(b, 4, 5);
    swap(b, 6, 7);
    return format(b);
  }

  /**
   * pxelinux only tries a UUID file when the version byte (byte 6) is in [0x10, 0xF0): all-zero and
   * all-one UUIDs from lazy firmware are skipped (syslinux {@code is_valid_uuid}).
   */
  public boolean usableByPxelinux() {
    int version = raw[6] & 0xff;
    return version >= 0x10 && version < 0xf0;
  }

  private static void swap(byte[] b, int i, int j) {
    byte t = b[i];
    b[i] = b[j];
    b[j] = t;
  }

  private static String format(byte[] b) {
    String h = HexFormat.of().formatHex(b);
    return h.substring(0, 8)
        + "-"
        + h.substring(8, 12)
        + "-"
        + h.substring(12, 16)
        + "-"
        + h.substring(16, 20)
        + "-"
        + h.substring(20);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientUuid u && java.util.Arrays.equals(raw, u.raw);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return wireOrder();
  }
}
