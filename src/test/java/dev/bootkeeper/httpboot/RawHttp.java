package dev.bootkeeper.httpboot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A request written byte for byte on a socket and the answer read byte for byte, as GRUB's and
 * lpxelinux's own HTTP clients see it: no client library normalises header names or paths.
 */
final class RawHttp {

  /** The raw answer and whether the server closed the connection after it. */
  record Answer(byte[] bytes, boolean closedByServer) {
    String head() {
      int end = headerEnd();
      return new String(bytes, 0, end < 0 ? bytes.length : end, StandardCharsets.ISO_8859_1);
    }

    byte[] body() {
      int end = headerEnd();
      return end < 0 ? new byte[0] : Arrays.copyOfRange(bytes, end + 4, bytes.length);
    }

    String statusLine() {
      return head().lines().findFirst().orElse("");
    }

    private int headerEnd() {
      for (int i = 0; i + 3 < bytes.length; i++) {
        if (bytes[i] == '\r'
            && bytes[i + 1] == '\n'
            && bytes[i + 2] == '\r'
            && bytes[i + 3] == '\n') {
          return i;
        }
      }
      return -1;
    }
  }

  private RawHttp() {}

  /**
   * Sends {@code request} and reads until the server closes or {@code idleMillis} pass without a
   * byte (a kept-alive HTTP/1.1 connection).
   */
  static Answer exchange(int port, String request, int idleMillis) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(idleMillis);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[65536];
      boolean closed = false;
      try {
        int n;
        while ((n = in.read(buf)) >= 0) {
          out.write(buf, 0, n);
        }
        closed = true;
      } catch (SocketTimeoutException e) {
        closed = false;
      }
      return new Answer(out.toByteArray(), closed);
    }
  }
}
