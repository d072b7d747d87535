package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An event in the overflow file comes back equal, every field, set or null. */
class BootEventCodecTest {

  private final BootEventCodec codec = new BootEventCodec();

  @Test
  void everyFieldComesBack() throws IOException {
    BootEvent full =
        new BootEvent(
            Instant.parse("2026-03-01T10:15:30.123456789Z"),
            "52:54:00:12:34:56",
            "198.18.7.2",
            "0a1b2c3d-0000-4000-8000-000000000001",
            BootEvent.Protocol.TFTP,
            BootStep.TRANSFER_DONE,
            BootEvent.Outcome.FAILED,
            FailureReason.NOT_FOUND,
            "détail ✓ " + "x".repeat(70_000),
            new BootEvent.Facts("images/x/vmlinuz", 1234L, 56L, "rescue", Firmware.UEFI_X64),
            "node-a");
    assertEquals(full, roundTrip(full));
  }

  @Test
  void nullFieldsStayNull() throws IOException {
    BootEvent bare =
        new BootEvent(
            Instant.EPOCH,
            null,
            null,
            null,
            BootEvent.Protocol.DHCP,
            BootStep.DHCP_DISCOVER,
            BootEvent.Outcome.INFO,
            null,
            null,
            BootEvent.Facts.NONE,
            null);
    assertEquals(bare, roundTrip(bare));
  }

  private BootEvent roundTrip(BootEvent event) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    codec.write(event, new DataOutputStream(bytes));
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    BootEvent back = codec.read(in);
    assertEquals(0, in.available(), "read takes exactly what write wrote");
    return back;
  }
}
