package dev.bootkeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.nbd.NbdStartup;
import dev.bootkeeper.tftp.TftpStartup;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A name a client sends with a newline in it must not start a line of its own in the log, where it
 * would pass for a genuine record. Driven against the running servers, with the log captured.
 */
@QuarkusTest
class LogForgingTest {

  private static final String FORGED = "2026-12-05 23:59:59,000 ERROR [dev.bootkeeper] FORGED";

  @Inject TftpStartup tftp;
  @Inject NbdStartup nbd;

  @Test
  void aTftpFileNameCannotForgeALogLine() throws Exception {
    String name = "nothere\n" + FORGED + " by tftp";
    try (CapturedLog log = CapturedLog.of("");
        DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      ByteArrayOutputStream rrq = new ByteArrayOutputStream();
      rrq.write(new byte[] {0, 1});
      rrq.write(name.getBytes(StandardCharsets.UTF_8));
      rrq.write(0);
      rrq.write("octet".getBytes(StandardCharsets.US_ASCII));
      rrq.write(0);
      byte[] b = rrq.toByteArray();
      int port = tftp.server().orElseThrow().port();
      client.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
      client.setSoTimeout(5000);
      DatagramPacket answer = new DatagramPacket(new byte[600], 600);
      client.receive(answer);
      assertEquals(5, answer.getData()[1], "an ERROR packet answers the request");

      assertEscaped(log, "nothere\\n" + FORGED + " by tftp");
    }
  }

  @Test
  void anNbdExportNameCannotForgeALogLine() throws Exception {
    String name = "nothere\n" + FORGED + " by nbd";
    byte[] export = name.getBytes(StandardCharsets.UTF_8);
    try (CapturedLog log = CapturedLog.of("");
        Socket s =
            new Socket(InetAddress.getLoopbackAddress(), nbd.server().orElseThrow().port())) {
      s.setSoTimeout(5000);
      DataInputStream in = new DataInputStream(s.getInputStream());
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      in.readFully(new byte[18]); // NBDMAGIC, IHAVEOPT, handshake flags
      out.writeInt(3); // FIXED_NEWSTYLE | NO_ZEROES
      // NBD_OPT_EXPORT_NAME: an export that does not exist ends the handshake, refused.
      out.writeLong(0x49484156454f5054L);
      out.writeInt(1);
      out.writeInt(export.length);
      out.write(export);
      out.flush();
      assertEquals(-1, in.read(), "the server closes the connection");

      assertEscaped(log, "nothere\\n" + FORGED + " by nbd");
    }
  }

  /** The escaped name shows up in the log, and no record holds it raw. */
  private static void assertEscaped(CapturedLog log, String escaped) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (log.messages().stream().noneMatch(m -> m.contains(escaped))
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    List<String> messages = log.messages();
    assertTrue(
        messages.stream().anyMatch(m -> m.contains(escaped)),
        "the request was logged, escaped: " + messages);
    assertTrue(
        messages.stream().noneMatch(m -> m.contains("\n" + FORGED)),
        "no record carries the forged line: " + messages);
  }
}
