package dev.bootkeeper.dhcp;

/** Requests as real network-boot firmware sends them (layouts from the sources named per case). */
final class PxeFixtures {

  private PxeFixtures() {}

  /** The 236-byte BOOTP part of a client request with ciaddr = yiaddr = siaddr = giaddr = 0. */
  private static String header(String xid, String flags, String mac) {
    return """
        01 01 06 00        # op BOOTREQUEST, htype Ethernet, hlen 6, hops 0
        %s                 # xid
        00 04 %s           # secs 4, flags
        00*16              # ciaddr, yiaddr, siaddr, giaddr all 0.0.0.0
        %s 00*10           # chaddr: the MAC, then 10 bytes of padding
        00*64              # sname
        00*128             # file
        63 82 53 63        # magic cookie
        """
        .formatted(xid, flags, mac);
  }

  /**
   * A BIOS PXE 2.1 ROM (Intel Boot Agent style): broadcast flag set, arch 0, UNDI 2.1, the PXE
   * spec's parameter request list, UUID in option 97.
   */
  static final byte[] BIOS_PXE_DISCOVER =
      Hex.fixture(
          header("9a 1c 44 e1", "80 00", "52 54 00 12 34 56")
              + """
              35 01 01                         # 53 message type: DISCOVER
              39 02 04 ec                      # 57 max message size 1260
              5d 02 00 00                      # 93 arch 0: x86 BIOS
              5e 03 01 02 01                   # 94 UNDI 2.1
              61 11 00                         # 97 type 0, then the UUID (wire order):
                 44 45 4c 4c 4b 00 10 48 80 33 b3 c0 4f 38 33 32
              37 23 01 02 03 04 05 06 0c 0d 0f 11 12 16 17 1c 28 29 2a 2b
                    32 33 36 3a 3b 3c 42 43 61 80 81 82 83 84 85 86 87
                                               # 55 PRL: 35 codes, incl. 43, 60, 66, 67, 97
              3c 20 "PXEClient:Arch:00000:UNDI:002001"   # 60 vendor class
              ff                               # end
              """);

  /**
   * iPXE (BIOS build, undionly.kpxe) as chainloaded from a PXE ROM: raw user class {@code iPXE}
   * (not RFC 3004 framed), option 175 with its feature flags, client id, max size 1472.
   */
  static final byte[] IPXE_DISCOVER =
      Hex.fixture(
          header("3f 7d 00 11", "00 00", "52 54 00 12 34 56")
              + """
              35 01 01                         # 53 DISCOVER
              39 02 05 c0                      # 57 max message size 1472
              5d 02 00 00                      # 93 arch 0
              5e 03 01 02 01                   # 94 UNDI 2.1
              3c 20 "PXEClient:Arch:00000:UNDI:002001"   # 60
              4d 04 "iPXE"                     # 77 user class, raw (iPXE's historic form)
              37 17 01 03 06 07 0c 0f 11 1a 2b 3c 42 43 77 79 7d 80 81 82 83 84 85 86 af
                                               # 55 PRL: 23 codes
              af 15                            # 175 iPXE encapsulated, 21 bytes:
                 b1 05 01 80 86 10 0e          #   177 bus id (PCI 8086:100e)
                 eb 03 01 00 00                #   235 version 1.0.0
                 13 01 01                      #   19 HTTP supported
                 15 01 01                      #   21 TFTP supported
                 18 01 01                      #   24 bzImage supported
              3d 07 01 52 54 00 12 34 56       # 61 client id: type 1 + MAC
              61 11 00                         # 97 UUID
                 44 45 4c 4c 4b 00 10 48 80 33 b3 c0 4f 38 33 32
              ff
              """);

  /** EDK2 (OVMF) UEFI x64 PXE: arch 7, UNDI 3.0, max size 1472, no broadcast flag. */
  static final byte[] UEFI_X64_DISCOVER =
      Hex.fixture(
          header("00 5a 17 c2", "00 00", "52 54 00 ab cd ef")
              + """
              35 01 01                         # 53 DISCOVER
              39 02 05 c0                      # 57 max message size 1472
              37 23 01 02 03 04 05 06 0c 0d 0f 11 12 16 17 1c 28 29 2a 2b
                    32 33 36 3a 3b 3c 42 43 61 80 81 82 83 84 85 86 87
                                               # 55 PRL
              61 11 00                         # 97 UUID
                 8d 2b 7e 41 c3 a9 4f 4e 9a 51 0b 6f 0e 47 2f 11
              5e 03 01 03 00                   # 94 UNDI 3.0
              5d 02 00 07                      # 93 arch 7: EFI x86-64
              3c 20 "PXEClient:Arch:00007:UNDI:003000"   # 60
              ff
              """);

  /** EDK2 UEFI HTTP Boot (HttpBootDxe), arch 16, vendor class HTTPClient. */
  static final byte[] HTTP_CLIENT_DISCOVER =
      Hex.fixture(
          header("6b 02 93 d4", "00 00", "52 54 00 ab cd ef")
              + """
              35 01 01                         # 53 DISCOVER
              39 02 05 c0                      # 57 max message size 1472
              37 07 01 03 06 0f 2b 3c 43       # 55 PRL: mask, router, DNS, domain, 43, 60, 67
              61 11 00                         # 97 UUID
                 8d 2b 7e 41 c3 a9 4f 4e 9a 51 0b 6f 0e 47 2f 11
              5e 03 01 03 00                   # 94 UNDI 3.0
              5d 02 00 10                      # 93 arch 16: x64 UEFI HTTP boot
              3c 21 "HTTPClient:Arch:00016:UNDI:003000"  # 60
              ff
              """);
}
