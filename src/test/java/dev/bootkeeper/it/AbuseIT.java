package dev.bootkeeper.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged appliance with its default limits, attacked as the security audit did it: one host
 * floods TFTP or holds NBD connections idle, and another machine is still served; a TFTP file name
 * carrying a line break does not forge a log line. The attacker is 127.0.0.3, the real clients
 * (tftp-hpa, nbdinfo) 127.0.0.1.
 */
class AbuseIT {

  static final byte[] BOOT_FILE = new byte[64 * 1024];
  static final int ISO_SIZE = 1024 * 1024;

  @TempDir static Path dir;
  static Appliance appliance;
  static int tftpPort;
  static int nbdPort;

  @BeforeAll
  static void start() throws Exception {
    Shell.require("/usr/bin/tftp", "tftp-hpa");
    Shell.require("/usr/bin/nbdinfo", "libnbd-bin");
    Path images = Files.createDirectories(dir.resolve("images"));
    new Random(3).nextBytes(BOOT_FILE);
    Files.createDirectories(images.resolve("flood"));
    Files.write(images.resolve("flood/boot.bin"), BOOT_FILE);
    Files.write(images.resolve("sysresccd.iso"), new byte[ISO_SIZE]);
    tftpPort = Appliance.freePort();
    nbdPort = Appliance.freePort();
    appliance =
        Appliance.start(
            dir,
            Map.of(
                "bootkeeper.dhcp.mode", "off",
                "bootkeeper.tftp.port", String.valueOf(tftpPort),
                "bootkeeper.nbd.port", String.valueOf(nbdPort)),
            List.of());
  }

  @AfterAll
  static void stop() {
    if (appliance != null) {
      appliance.close();
    }
  }

  static byte[] readRequest(String file) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0);
    b.write(1);
    b.writeBytes(file.getBytes(StandardCharsets.UTF_8));
    b.write(0);
    b.writeBytes("octet".getBytes(StandardCharsets.US_ASCII));
    b.write(0);
    return b.toByteArray();
  }

  /** Sends each request from a port of its own, as a flood of spoofed clients would. */
  static void sendFrom(String address, byte[] request, int times) throws IOException {
    InetSocketAddress server = new InetSocketAddress("127.0.0.1", tftpPort);
    List<DatagramSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < times; i++) {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(address, 0));
        sockets.add(s);
        s.send(new DatagramPacket(request, request.length, server));
      }
    } finally {
      sockets.forEach(DatagramSocket::close);
    }
  }

  @Test
  void oneHostFloodingTftpDoesNotShutItOffForOthers() throws Exception {
    long t0 = System.nanoTime();
    sendFrom("127.0.0.3", readRequest("flood/boot.bin"), 1_550);
    Path got = dir.resolve("got.bin");
    String out =
        Shell.run(
            20,
            "tftp",
            "127.0.0.1",
            String.valueOf(tftpPort),
            "-m",
            "binary",
            "-c",
            "get",
            "flood/boot.bin",
            got.toString());
    long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
    assertEquals("", out.trim(), "tftp-hpa was refused during the flood");
    assertArrayEquals(BOOT_FILE, Files.readAllBytes(got));
    assertTrue(seconds < 15, "served only after " + seconds + " s");
  }

  @Test
  void idleNbdConnectionsFromOneHostDoNotShutItOffForOthers() throws Exception {
    List<Socket> idle = new ArrayList<>();
    try {
      int established = 0;
      for (int i = 0; i < 256; i++) {
        Socket s = new Socket();
        idle.add(s);
        s.bind(new InetSocketAddress("127.0.0.3", 0));
        s.connect(new InetSocketAddress("127.0.0.1", nbdPort), 5000);
        if (handshake(s)) {
          established++;
        }
      }
      // The default share of one address: 16 of the 256 connections.
      assertTrue(established <= 16, "one host holds " + established + " connections");
      String size = Shell.run(20, "nbdinfo", "--size", "nbd://127.0.0.1:" + nbdPort + "/archiso");
      assertEquals(String.valueOf(ISO_SIZE), size.strip());
    } finally {
      for (Socket s : idle) {
        s.close();
      }
    }
  }

  /** Fixed-newstyle handshake for export "archiso"; false when the server refused it. */
  static boolean handshake(Socket s) throws IOException {
    s.setSoTimeout(5000);
    DataInputStream in = new DataInputStream(s.getInputStream());
    if (in.readNBytes(18).length < 18) {
      return false;
    }
    DataOutputStream out = new DataOutputStream(s.getOutputStream());
    out.writeInt(3); // client flags: fixed newstyle, no zeroes
    out.writeLong(0x49484156454F5054L); // IHAVEOPT
    out.writeInt(1); // NBD_OPT_EXPORT_NAME
    byte[] name = "archiso".getBytes(StandardCharsets.US_ASCII);
    out.writeInt(name.length);
    out.write(name);
    out.flush();
    try {
      return in.readLong() == ISO_SIZE;
    } catch (IOException closed) {
      return false;
    }
  }

  @Test
  void aFileNameWithALineBreakCannotForgeALogLine() throws Exception {
    String forged = "2026-12-05 23:59:59,000 ERROR [dev.bootkeeper] FORGED by a client";
    sendFrom("127.0.0.4", readRequest("nothere\n" + forged), 1);
    String marker = "flood/boot.bin";
    // A later request is logged after the forged one: once it is in the log, so is the first.
    Shell.run(
        20,
        "tftp",
        "127.0.0.1",
        String.valueOf(tftpPort),
        "-m",
        "binary",
        "-c",
        "get",
        marker,
        dir.resolve("after.bin").toString());
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!appliance.log().contains("FORGED") && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    String log = appliance.log();
    assertTrue(log.contains("FORGED"), "the request was logged at all");
    for (String line : log.split("\n")) {
      assertFalse(line.startsWith(forged.substring(0, 24)), "a forged line: " + line);
    }
  }
}
