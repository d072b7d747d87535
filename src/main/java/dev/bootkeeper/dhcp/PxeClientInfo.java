package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.ClientUuid;
import dev.bootkeeper.boot.Firmware;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a request says about the client's network-boot firmware: the PXE vendor class, the
 * architecture, the machine UUID and whether it is iPXE.
 *
 * @param vendorClass option 60 as text
 * @param architecture the first value of option 93 (RFC 4578 §2.1: a list of 16-bit codes)
 * @param uuid option 97 when it is a type-0 UUID
 * @param userClasses option 77, both in RFC 3004 framing and iPXE's raw form
 * @param ipxe option 175 present or a user class {@code iPXE}
 */
public record PxeClientInfo(
    Optional<String> vendorClass,
    OptionalInt architecture,
    Optional<ClientUuid> uuid,
    List<String> userClasses,
    boolean ipxe) {

  public static final String PXE_CLIENT = "PXEClient";
  public static final String HTTP_CLIENT = "HTTPClient";

  /** The client in a few words for the boot trace: firmware, iPXE, vendor class. */
  public String describe() {
    if (!wantsBoot()) {
      return vendorClass.orElse("");
    }
    return firmware() + (ipxe ? " iPXE" : "") + " " + vendorClass.orElse("");
  }

  /** The firmware a booting client announced (RFC 4578 option 93); none for other clients. */
  public BootEvent.Facts firmwareFacts() {
    return wantsBoot() ? BootEvent.Facts.NONE.withFirmware(firmware()) : BootEvent.Facts.NONE;
  }

  public static PxeClientInfo of(DhcpPacket p) {
    DhcpOptions o = p.options();
    List<String> userClasses =
        o.get(DhcpOption.USER_CLASS).map(PxeClientInfo::userClasses).orElse(List.of());
    boolean ipxe = o.has(DhcpOption.IPXE_ENCAP) || userClasses.contains("iPXE");
    return new PxeClientInfo(
        o.string(DhcpOption.VENDOR_CLASS),
        architecture(o),
        o.get(DhcpOption.CLIENT_UUID).flatMap(PxeClientInfo::uuid),
        userClasses,
        ipxe);
  }

  /** Vendor class starting with {@code PXEClient} (matched by prefix, as dnsmasq does). */
  public boolean pxeClient() {
    return vendorClass.map(v -> v.startsWith(PXE_CLIENT)).orElse(false);
  }

  /** Vendor class starting with {@code HTTPClient}: UEFI HTTP Boot (EDK2 HttpBootDhcp4). */
  public boolean httpClient() {
    return vendorClass.map(v -> v.startsWith(HTTP_CLIENT)).orElse(false);
  }

  /** A network-boot firmware or iPXE that wants boot information. */
  public boolean wantsBoot() {
    return pxeClient() || httpClient() || ipxe;
  }

  public Firmware firmware() {
    if (architecture.isPresent()) {
      Firmware f = Firmware.fromArchitecture(architecture.getAsInt());
      if (f != Firmware.UNKNOWN) {
        return f;
      }
    }
    // Some firmwares omit option 93 but announce the architecture in the vendor class
    // (PXEClient:Arch:00007:...).
    return vendorClass
        .filter(v -> v.matches("(PXEClient|HTTPClient):Arch:\\d{5}.*"))
        .map(
            v ->
                Firmware.fromArchitecture(
                    Integer.parseInt(
                        v.substring(v.indexOf(":Arch:") + 6, v.indexOf(":Arch:") + 11))))
        .orElse(Firmware.UNKNOWN);
  }

  static OptionalInt architecture(DhcpOptions o) {
    Optional<byte[]> v = o.get(DhcpOption.CLIENT_ARCH);
    if (v.isEmpty() || v.get().length < 2) {
      return OptionalInt.empty();
    }
    byte[] b = v.get();
    return OptionalInt.of(((b[0] & 0xff) << 8) | (b[1] & 0xff));
  }

  /**
   * Option 97 is type 0 followed by 16 bytes (RFC 4578 §2.3). Anything else (length 0, another
   * type, garbage from lazy ROMs) is treated as "no UUID".
   */
  static Optional<ClientUuid> uuid(byte[] v) {
    if (v.length != 17 || v[0] != 0) {
      return Optional.empty();
    }
    return Optional.of(new ClientUuid(Arrays.copyOfRange(v, 1, 17)));
  }

  /**
   * Option 77. RFC 3004 frames each class as length + data; iPXE sends its name raw ({@code iPXE},
   * the "long-standing bug" ipxe.org documents). As dnsmasq does, the value is read as RFC 3004
   * only when the counted lengths add up exactly; otherwise it is one string.
   */
  static List<String> userClasses(byte[] v) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < v.length) {
      int len = v[i] & 0xff;
      if (len == 0 || i + 1 + len > v.length) {
        return List.of(new String(v, StandardCharsets.ISO_8859_1));
      }
      out.add(new String(v, i + 1, len, StandardCharsets.ISO_8859_1));
      i += 1 + len;
    }
    return out.isEmpty() ? List.of() : List.copyOf(out);
  }
}
