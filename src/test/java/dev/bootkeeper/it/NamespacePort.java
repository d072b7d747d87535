package dev.bootkeeper.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP port on this machine's loopback that leads to a port on a network namespace's loopback, so
 * that a program outside (a browser) reaches a server that only listens inside. Each connection
 * runs {@code ip netns exec NS busybox nc 127.0.0.1 PORT} and copies bytes both ways. {@link
 * #close()} stops listening and ends every connection and its process.
 */
final class NamespacePort implements AutoCloseable {

  private final ServerSocket listener;
  private final Set<Process> processes = ConcurrentHashMap.newKeySet();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;

  NamespacePort(String namespace, int port) throws IOException {
    Shell.require("/usr/bin/busybox", "busybox");
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor =
        new Thread(
            () -> {
              while (!listener.isClosed()) {
                try {
                  Socket s = listener.accept();
                  sockets.add(s);
                  Process p =
                      new ProcessBuilder(
                              Shell.in(
                                  namespace,
                                  List.of(
                                      "/usr/bin/busybox", "nc", "127.0.0.1", String.valueOf(port))))
                          .redirectError(ProcessBuilder.Redirect.DISCARD)
                          .start();
                  processes.add(p);
                  pump(s.getInputStream(), p.getOutputStream(), () -> p.destroy());
                  pump(p.getInputStream(), s.getOutputStream(), () -> quietly(s));
                } catch (IOException e) {
                  // closed: the loop ends
                }
              }
            },
            "netns-port-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  private static void pump(InputStream in, OutputStream out, Runnable done) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16384];
              try {
                int r;
                while ((r = in.read(buf)) > 0) {
                  out.write(buf, 0, r);
                  out.flush();
                }
              } catch (IOException e) {
                // the other side went away
              } finally {
                done.run();
              }
            });
    t.setDaemon(true);
    t.start();
  }

  private static void quietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    sockets.forEach(NamespacePort::quietly);
    for (Process p : processes) {
      p.destroyForcibly();
    }
  }
}
