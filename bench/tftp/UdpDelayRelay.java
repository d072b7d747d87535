import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * A userspace stand-in for netem (this kernel has none): a UDP relay on 127.0.0.1 that holds every
 * datagram for a fixed delay in each direction. It behaves like a symmetric NAT so that TFTP's
 * per-transfer ports (TIDs) work: every server port gets its own relay port towards the client.
 *
 * <p>Usage: {@code java UdpDelayRelay.java <listenPort> <serverPort> <delayMicros>}. Meant for one
 * client at a time.
 */
public class UdpDelayRelay {

  record Pending(long due, DatagramSocket from, SocketAddress to, byte[] data) implements Delayed {
    public long getDelay(TimeUnit unit) {
      return unit.convert(due - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    public int compareTo(Delayed o) {
      return Long.compare(due, ((Pending) o).due);
    }
  }

  static final DelayQueue<Pending> queue = new DelayQueue<>();
  static final InetAddress LO = InetAddress.getLoopbackAddress();
  static long delayNanos;
  static volatile SocketAddress client;
  static DatagramSocket towardsServer;
  /** server transfer port -> relay socket the client talks to for it */
  static final Map<Integer, DatagramSocket> byServerPort = new ConcurrentHashMap<>();

  public static void main(String[] args) throws Exception {
    int listen = Integer.parseInt(args[0]);
    int serverPort = Integer.parseInt(args[1]);
    delayNanos = Long.parseLong(args[2]) * 1000;
    towardsServer = new DatagramSocket(0, LO);
    towardsServer.setReceiveBufferSize(4 << 20);
    DatagramSocket front = new DatagramSocket(listen, LO);
    front.setReceiveBufferSize(4 << 20);
    byServerPort.put(serverPort, front);
    clientSide(front, serverPort);
    Thread fromServer =
        new Thread(
            () -> {
              byte[] buf = new byte[65536];
              while (true) {
                try {
                  DatagramPacket p = new DatagramPacket(buf, buf.length);
                  towardsServer.receive(p);
                  int port = ((InetSocketAddress) p.getSocketAddress()).getPort();
                  DatagramSocket relay =
                      byServerPort.computeIfAbsent(
                          port,
                          k -> {
                            try {
                              DatagramSocket s = new DatagramSocket(0, LO);
                              s.setReceiveBufferSize(4 << 20);
                              clientSide(s, k);
                              return s;
                            } catch (Exception e) {
                              throw new RuntimeException(e);
                            }
                          });
                  if (client != null) {
                    queue.add(
                        new Pending(
                            System.nanoTime() + delayNanos,
                            relay,
                            client,
                            java.util.Arrays.copyOf(buf, p.getLength())));
                  }
                } catch (Exception e) {
                  e.printStackTrace();
                }
              }
            });
    fromServer.start();
    System.out.println("RELAY " + listen + " -> " + serverPort + " delay " + args[2] + " us");
    while (true) {
      Pending p = queue.take();
      p.from().send(new DatagramPacket(p.data(), p.data().length, p.to()));
    }
  }

  /** Datagrams the client sends to {@code s} go to the server's port {@code serverPort}. */
  static void clientSide(DatagramSocket s, int serverPort) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[65536];
              SocketAddress server = new InetSocketAddress(LO, serverPort);
              while (true) {
                try {
                  DatagramPacket p = new DatagramPacket(buf, buf.length);
                  s.receive(p);
                  client = p.getSocketAddress();
                  queue.add(
                      new Pending(
                          System.nanoTime() + delayNanos,
                          towardsServer,
                          server,
                          java.util.Arrays.copyOf(buf, p.getLength())));
                } catch (Exception e) {
                  e.printStackTrace();
                }
              }
            });
    t.setDaemon(true);
    t.start();
  }
}
