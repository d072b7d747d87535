package dev.bootkeeper.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootStep;
import dev.bootkeeper.boot.ClientDirectory;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.boot.NeighbourTable;
import dev.bootkeeper.boot.SharedClients;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import jakarta.enterprise.inject.Vetoed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connection handler on an EmbeddedChannel: the handshake and transmission as bytes. */
class NbdConnectionTest {

  private static final String IHAVEOPT = "49484156454f5054";
  private static final String GO_ARCHISO =
      IHAVEOPT + "00000007 0000000d 00000007 6172636869736f 0000";
  private static final int SIZE = 10_000;

  @TempDir Path dir;

  private byte[] content;
  private final List<BootEvent> events = new ArrayList<>();
  private final NbdStats stats = new NbdStats();
  private final Queue<Runnable> ioQueue = new ArrayDeque<>();
  private boolean ioInline = true;
  private EmbeddedChannel channel;

  @BeforeEach
  void setUp() throws IOException {
    content = new byte[SIZE];
    for (int i = 0; i < SIZE; i++) {
      content[i] = (byte) (i * 31 + 7);
    }
    Files.write(dir.resolve("image.iso"), content);
  }

  @AfterEach
  void tearDown() {
    if (channel != null) {
      channel.finishAndReleaseAll();
    }
  }

  @Test
  void simpleSessionReadsRefusesWritesAndDisconnects() {
    open(settings(8, false));
    assertEquals("4e42444d41474943 49484156454f5054 0003".replace(" ", ""), Hex.of(drain()));
    send("00000003" + GO_ARCHISO);
    byte[] go = drain();
    assertEquals(
        ("0003e889045565a9 00000007 00000003 0000000c 0000 0000000000002710 0107"
                + "0003e889045565a9 00000007 00000001 00000000")
            .replace(" ", ""),
        Hex.of(go));

    send(request(0, 0, 0xa1, 100, 16)); // READ 16 bytes at 100
    byte[] read = drain();
    assertEquals("67446698 00000000 00000000000000a1".replace(" ", ""), Hex.of(head(read, 16)));
    assertArrayEquals(Arrays.copyOfRange(content, 100, 116), Arrays.copyOfRange(read, 16, 32));

    // A WRITE whose 5-byte payload arrives in two pieces, then a READ right behind it.
    send(request(0, 1, 0xa2, 0, 5) + "0102");
    assertEquals(0, drain().length);
    send("030405" + request(0, 0, 0xa3, SIZE - 1, 1));
    byte[] after = drain();
    assertEquals("67446698 00000001 00000000000000a2".replace(" ", ""), Hex.of(head(after, 16)));
    assertEquals(
        "67446698 00000000 00000000000000a3".replace(" ", ""),
        Hex.of(Arrays.copyOfRange(after, 16, 32)));
    assertEquals(content[SIZE - 1], after[32]);

    send(request(0, 0, 0xa4, SIZE, 1)); // past the end
    assertEquals("67446698 00000016 00000000000000a4".replace(" ", ""), Hex.of(drain()));
    send(request(0, 3, 0xa5, 0, 0) + request(0, 99, 0xa6, 0, 0)); // FLUSH, unknown command
    assertEquals(
        ("67446698 00000000 00000000000000a5" + "67446698 00000016 00000000000000a6")
            .replace(" ", ""),
        Hex.of(drain()));

    send(request(0, 2, 0xa7, 0, 0)); // DISC
    channel.runPendingTasks();
    assertFalse(channel.isOpen());
    assertEquals(List.of("connected", "disconnected"), steps());
    assertTrue(events.get(1).detail().contains("17 bytes read"), events.get(1).detail());
    assertEquals(0, stats.malformed());
    assertEquals(17, stats.bytesRead());
  }

  @Test
  void structuredRepliesSendOneOffsetDataChunkOrAnErrorChunk() {
    open(settings(8, false));
    drain();
    send("00000003" + IHAVEOPT + "00000008 00000000" + GO_ARCHISO);
    byte[] handshake = drain();
    assertEquals(20 + 20 + 12 + 20, handshake.length); // ACK, INFO, ACK
    assertEquals(0x0187, ByteBuffer.wrap(handshake).getShort(20 + 20 + 10)); // with SEND_DF

    send(request(Nbd.CMD_FLAG_DF, 0, 0xb1, 8, 4));
    byte[] read = drain();
    assertEquals(
        "668e33ef 0001 0001 00000000000000b1 0000000c 0000000000000008".replace(" ", ""),
        Hex.of(head(read, 28)));
    assertArrayEquals(Arrays.copyOfRange(content, 8, 12), Arrays.copyOfRange(read, 28, 32));

    send(request(0, 4, 0xb2, 0, 10)); // TRIM
    byte[] trim = drain();
    assertEquals("668e33ef 0001 8001 00000000000000b2".replace(" ", ""), Hex.of(head(trim, 16)));
    assertEquals(1, ByteBuffer.wrap(trim).getInt(20)); // EPERM
  }

  @Test
  void pipelinedReadsBeyondTheBudgetWaitUnreadUntilRepliesComplete() {
    ioInline = false;
    open(settings(4, false));
    drain();
    send("00000003" + GO_ARCHISO);
    runIo();
    drain();
    StringBuilder ten = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      ten.append(request(0, 0, 0xc0 + i, i * 100, 100));
    }
    send(ten.toString());
    assertEquals(4, ioQueue.size()); // max-requests-in-flight
    int answered = 0;
    for (int round = 0; round < 10 && answered < 10; round++) {
      answered += runIo();
    }
    assertEquals(10, answered);
    byte[] out = drain();
    assertEquals(10 * 116, out.length);
    for (int i = 0; i < 10; i++) {
      assertEquals(0xc0 + i, ByteBuffer.wrap(out).getLong(i * 116 + 8));
    }
  }

  @Test
  void badRequestMagicClosesAndCounts() {
    open(settings(8, false));
    drain();
    send("00000003" + GO_ARCHISO);
    drain();
    send("deadbeef" + "00".repeat(24));
    channel.runPendingTasks();
    assertFalse(channel.isOpen());
    assertEquals(1, stats.malformed());
    assertEquals("disconnected", events.get(events.size() - 1).step().label());
    assertEquals(BootEvent.Outcome.FAILED, events.get(events.size() - 1).outcome());
  }

  @Test
  void unknownClientFlagsCloseAndCount() {
    open(settings(8, false));
    drain();
    send("00000004");
    assertFalse(channel.isOpen());
    assertEquals(1, stats.malformed());
    assertEquals(List.of("refused"), steps());
  }

  @Test
  void unknownExportOnExportNameClosesAndIsRefused() {
    open(settings(8, false));
    drain();
    send("00000003" + IHAVEOPT + "00000001 00000002 6e6f");
    channel.runPendingTasks();
    assertFalse(channel.isOpen());
    assertEquals(1, stats.refused());
    assertEquals(List.of("refused"), steps());
    assertTrue(events.get(0).detail().contains("'no'"));
  }

  @Test
  void connectionsBeyondTheLimitAreRefused() {
    NbdSettings one =
        new NbdSettings("127.0.0.1", 0, 1, 8, 1 << 25, 1, Duration.ofSeconds(30), false);
    open(one);
    EmbeddedChannel second = new EmbeddedChannel(connection(one));
    assertFalse(second.isOpen());
    assertEquals(1, stats.refused());
    assertTrue(channel.isOpen());
    second.finishAndReleaseAll();
  }

  @Test
  void aClientWhoseDhcpWentToAnotherNodeIsNamedFromTheSharedDirectory() throws Exception {
    ioInline = false;
    SharedClients shared = new OtherNodeSaw(CLIENT, MacAddress.of("52:54:00:00:20:01"));
    NbdSettings settings = settings(8, false);
    channel =
        new EmbeddedChannel(DefaultChannelId.newInstance(), false, false) {
          @Override
          protected SocketAddress remoteAddress0() {
            return new InetSocketAddress(CLIENT, 40_000);
          }
        };
    channel
        .pipeline()
        .addLast(connection(settings, new ClientDirectory(NeighbourTable.none(), shared)));
    channel.register();
    assertEquals(0, drain().length, "no greeting before the directory answered");
    assertEquals(1, runIo(), "the directory is asked off the event loop, once");
    assertEquals("4e42444d41474943 49484156454f5054 0003".replace(" ", ""), Hex.of(drain()));
    send("00000003" + GO_ARCHISO);
    drain();
    send(request(0, 0, 1, 0, 16));
    runIo();
    drain();
    BootEvent connected =
        events.stream()
            .filter(e -> e.step() == BootStep.NBD_EXPORT_OPENED)
            .findFirst()
            .orElseThrow();
    assertEquals("52:54:00:00:20:01", connected.mac());
  }

  private static final InetAddress CLIENT = address("198.18.7.120");

  private static InetAddress address(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The database of several appliances: another node's DHCP saw {@code mac} take the address. */
  @Vetoed // the scope is inherited: without this, Quarkus tests would see two SharedClients beans
  static final class OtherNodeSaw extends SharedClients {
    private final InetAddress address;
    private final MacAddress mac;

    OtherNodeSaw(InetAddress address, MacAddress mac) {
      super(null, null);
      this.address = address;
      this.mac = mac;
    }

    @Override
    public boolean enabled() {
      return true;
    }

    @Override
    public Optional<Sighting> lookup(InetAddress at) {
      return at.equals(address)
          ? Optional.of(new Sighting(mac, Duration.ofSeconds(3)))
          : Optional.empty();
    }
  }

  private NbdSettings settings(int maxRequests, boolean zeroCopy) {
    return new NbdSettings(
        "127.0.0.1", 0, 16, maxRequests, 1 << 25, 1, Duration.ofSeconds(30), zeroCopy);
  }

  private void open(NbdSettings settings) {
    channel = new EmbeddedChannel(connection(settings));
  }

  private NbdConnection connection(NbdSettings settings) {
    return connection(settings, new ClientDirectory());
  }

  private NbdConnection connection(NbdSettings settings, ClientDirectory clients) {
    NbdExports exports =
        new MapExports()
            .add(new NbdExport("archiso", dir.resolve("image.iso"), SIZE, "test image"));
    Executor io =
        task -> {
          if (ioInline) {
            task.run();
          } else {
            ioQueue.add(task);
          }
        };
    return new NbdConnection(
        settings,
        exports,
        io,
        events::add,
        clients,
        stats,
        new AddressShares(settings.maxConnectionsPerAddress()));
  }

  /** Runs the queued I/O tasks and the loop tasks they hand back; returns how many ran. */
  private int runIo() {
    int n = 0;
    while (!ioQueue.isEmpty() && n < 1000) {
      ioQueue.poll().run();
      n++;
    }
    channel.runPendingTasks();
    return n;
  }

  private void send(String hex) {
    channel.writeInbound(Unpooled.wrappedBuffer(Hex.bytes(hex)));
    channel.runPendingTasks();
  }

  private byte[] drain() {
    channel.runPendingTasks();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
      ByteBuf b = (ByteBuf) o;
      byte[] bytes = new byte[b.readableBytes()];
      b.readBytes(bytes);
      b.release();
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  private List<String> steps() {
    return events.stream().map(e -> e.step().label()).toList();
  }

  private static byte[] head(byte[] bytes, int n) {
    return Arrays.copyOf(bytes, n);
  }

  private static String request(int flags, int type, long cookie, long offset, long length) {
    return Hex.of(
        ByteBuffer.allocate(28)
            .putInt(Nbd.REQUEST_MAGIC)
            .putShort((short) flags)
            .putShort((short) type)
            .putLong(cookie)
            .putLong(offset)
            .putInt((int) length)
            .array());
  }
}
