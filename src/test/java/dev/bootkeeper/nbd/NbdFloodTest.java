package dev.bootkeeper.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.ClientDirectory;
import dev.bootkeeper.boot.FailureReason;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One host opens 256 connections, finishes the handshake on each and then sends nothing; a fresh
 * nbdinfo from another address must still be served, and a client that is reading (a mounted root
 * filesystem) must keep its connection however long it stays idle. The idle host is 127.0.0.3, the
 * real clients 127.0.0.1.
 */
class NbdFloodTest {

  static final int SIZE = 1024 * 1024;
  static final int IDLE = 256;

  @TempDir static Path dir;
  static byte[] image;
  static DirectoryExports exports;

  final ConcurrentLinkedQueue<BootEvent> events = new ConcurrentLinkedQueue<>();
  final List<Socket> sockets = new ArrayList<>();
  NbdServer server;

  @BeforeAll
  static void image() throws IOException {
    NbdRealClientTest.requireBinary("nbdinfo", "libnbd-bin");
    NbdRealClientTest.requireBinary("nbdcopy", "libnbd-bin");
    Path root = Files.createDirectories(dir.resolve("images"));
    image = new byte[SIZE];
    new Random(7).nextBytes(image);
    Files.write(root.resolve("sysresccd.iso"), image);
    exports = new DirectoryExports(root, "sysresccd.iso");
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    if (server != null) {
      server.close();
    }
  }

  void start(int perAddress, Duration firstRequestTimeout) {
    NbdSettings s =
        new NbdSettings(
            "127.0.0.1",
            0,
            256,
            32,
            16 << 20,
            4,
            Duration.ofSeconds(30),
            false,
            perAddress,
            firstRequestTimeout,
            Duration.ofSeconds(60));
    server = new NbdServer(s, exports, events::add, new ClientDirectory());
    server.start();
  }

  /**
   * Handshakes on {@code s} (export "archiso"); the input stream to read replies from, or null when
   * the server closed the connection before its greeting.
   */
  DataInputStream handshake(Socket s) throws IOException {
    s.setSoTimeout(5000);
    DataInputStream in = new DataInputStream(s.getInputStream());
    byte[] greeting = in.readNBytes(18);
    if (greeting.length < 18) {
      return null;
    }
    DataOutputStream out = new DataOutputStream(s.getOutputStream());
    // Client flags: fixed newstyle, no zeroes; then NBD_OPT_EXPORT_NAME "archiso".
    out.writeInt(3);
    out.writeLong(Nbd.IHAVEOPT);
    out.writeInt(1);
    byte[] name = "archiso".getBytes(StandardCharsets.US_ASCII);
    out.writeInt(name.length);
    out.write(name);
    out.flush();
    assertEquals(SIZE, in.readLong(), "export size");
    in.readShort();
    return in;
  }

  Socket connectFrom(String address) throws IOException {
    Socket s = new Socket();
    sockets.add(s);
    s.bind(new InetSocketAddress(address, 0));
    s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
    return s;
  }

  /** NBD_CMD_READ of {@code length} bytes at {@code offset}, simple reply, checked. */
  void read(Socket s, DataInputStream in, long offset, int length) throws IOException {
    DataOutputStream out = new DataOutputStream(s.getOutputStream());
    out.writeInt(0x25609513);
    out.writeShort(0);
    out.writeShort(0);
    out.writeLong(42);
    out.writeLong(offset);
    out.writeInt(length);
    out.flush();
    assertEquals(0x67446698, in.readInt(), "simple reply magic");
    assertEquals(0, in.readInt(), "error");
    assertEquals(42, in.readLong(), "cookie");
    byte[] data = in.readNBytes(length);
    assertArrayEquals(Arrays.copyOfRange(image, (int) offset, (int) offset + length), data);
  }

  /**
   * Opens {@code n} connections from 127.0.0.3 and handshakes each; returns how many were served.
   */
  int idleFlood(int n) throws IOException {
    int established = 0;
    for (int i = 0; i < n; i++) {
      if (handshake(connectFrom("127.0.0.3")) != null) {
        established++;
      }
    }
    return established;
  }

  void nbdinfoIsServed() throws Exception {
    NbdRealClientTest.Result r =
        NbdRealClientTest.run("nbdinfo", "--size", "nbd://127.0.0.1:" + server.port() + "/archiso");
    assertEquals(0, r.exit(), r.output());
    assertEquals(String.valueOf(SIZE), r.output().strip());
  }

  @Test
  void oneHostCannotTakeMoreThanItsShareOfConnections() throws Exception {
    start(16, Duration.ofSeconds(30));
    assertEquals(16, idleFlood(IDLE), "the idle host's share");
    assertTrue(server.stats().refused() >= IDLE - 16);
    nbdinfoIsServed();
    // nbdcopy's multi-conn mode opens four connections from one address: within the share.
    Path copy = dir.resolve("copy.img");
    NbdRealClientTest.Result r =
        NbdRealClientTest.run(
            "nbdcopy",
            "--connections=4",
            "nbd://127.0.0.1:" + server.port() + "/archiso",
            copy.toString());
    assertEquals(0, r.exit(), r.output());
    assertArrayEquals(image, Files.readAllBytes(copy));
    assertTrue(
        events.stream()
            .anyMatch(
                e ->
                    e.reason() == FailureReason.BUSY
                        && "127.0.0.3".equals(e.ip())
                        && e.detail().contains("from this address")),
        "the refusal is in the boot trace");
  }

  @Test
  void connectionsThatNeverSendARequestAreClosedButAnIdleMountStays() throws Exception {
    // No per-address share to help: the idle connections fill the server.
    start(IDLE, Duration.ofSeconds(5));
    Socket mount = connectFrom("127.0.0.1");
    DataInputStream mountIn = handshake(mount);
    read(mount, mountIn, 0, 4096);
    assertEquals(IDLE - 1, idleFlood(IDLE - 1));
    assertEquals(IDLE, server.stats().active(), "the server is full");
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (server.stats().idleClosed() < IDLE - 1 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(IDLE - 1, server.stats().idleClosed());
    for (Socket s : sockets.subList(1, sockets.size())) {
      s.setSoTimeout(2000);
      assertEquals(-1, s.getInputStream().read(), "closed by the server");
    }
    nbdinfoIsServed();
    // The mount was idle longer than the first-request timeout and still reads.
    read(mount, mountIn, SIZE - 512, 512);
    assertFalse(mount.isClosed());
  }

  @Test
  void aClientThatNeverFinishesTheHandshakeIsClosedByTheHandshakeTimeout() throws Exception {
    NbdSettings s =
        new NbdSettings(
            "127.0.0.1",
            0,
            256,
            32,
            16 << 20,
            4,
            Duration.ofSeconds(1),
            false,
            16,
            Duration.ofSeconds(30),
            Duration.ofSeconds(60));
    server = new NbdServer(s, exports, events::add, new ClientDirectory());
    server.start();
    Socket silent = connectFrom("127.0.0.3");
    silent.setSoTimeout(5000);
    assertEquals(18, silent.getInputStream().readNBytes(18).length);
    try {
      assertEquals(-1, silent.getInputStream().read(), "closed within the handshake timeout");
    } catch (SocketTimeoutException e) {
      throw new AssertionError("not closed within 5 s", e);
    }
  }
}
