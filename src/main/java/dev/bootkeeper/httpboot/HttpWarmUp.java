package dev.bootkeeper.httpboot;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Fetches boot files through the running HTTP server over loopback before the appliance says it is
 * ready, as firmware and iPXE would: keep-alive GETs of small files, and ranged GETs of the largest
 * file (the sendfile path that kernels, initrds and images take). The first request after a start
 * otherwise waited ~150 ms for its first byte, and a 256 MiB image went at half its later speed.
 *
 * <p>HTTP/1.1 by hand (RFC 9112: a request line, Host, and a Content-Length body to skip): the
 * client must itself be cheap to start, and it only needs what the boot-file route answers.
 */
public final class HttpWarmUp {

  /** Requests of small files at most: about what C2 needs to compile the route. */
  static final int SMALL_REQUESTS = 3_000;

  /** The small requests stop after this many bytes (a fresh install's smallest are loaders). */
  static final long SMALL_BYTES = 48L << 20;

  /** Ranged requests of the largest file at most, each of {@link #RANGE} bytes. */
  static final int LARGE_REQUESTS = 60;

  static final long RANGE = 4L << 20;

  /** Files above this size may be the large one (kernels, initrds, images). */
  static final long SMALL = 1L << 20;

  /** Only names that need no escaping in a URL path are fetched. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._/-]+");

  /** What the warm-up did. */
  public record Result(int requests, long bytes, Duration took) {}

  /** The files fetched: a few small ones and the largest, as paths under the images tree. */
  public record Picked(List<String> small, String largest, long largestSize) {

    /** The largest file, else the smallest, as a path under the images tree; null for none. */
    public String biggestUnderImages() {
      String path = largest != null ? largest : small.isEmpty() ? null : small.get(0);
      return path == null ? null : path.substring(BootHttpPath.IMAGES.length());
    }
  }

  private HttpWarmUp() {}

  /**
   * @param server where the HTTP server listens (a loopback address)
   * @param imagesDir the tree served under {@code /images/}
   * @param max the warm-up stops sending after this long; every answer waits at most this long
   */
  public static Result run(InetSocketAddress server, Path imagesDir, Duration max)
      throws IOException {
    long start = System.nanoTime();
    long deadline = start + max.toNanos();
    Picked files = pick(imagesDir);
    if (files.small().isEmpty() && files.largest() == null) {
      return new Result(0, 0, Duration.ZERO);
    }
    int requests = 0;
    long bytes = 0;
    try (Socket socket = new Socket()) {
      int timeout = (int) Math.max(1, max.toMillis());
      socket.connect(server, timeout);
      socket.setSoTimeout(timeout);
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream(), 64 << 10);
      OutputStream out = socket.getOutputStream();
      String host = server.getHostString() + ":" + server.getPort();
      byte[] sink = new byte[64 << 10];
      for (int i = 0; i < SMALL_REQUESTS && !files.small().isEmpty(); i++) {
        if (System.nanoTime() > deadline || bytes > SMALL_BYTES) {
          break;
        }
        String path = files.small().get(i % files.small().size());
        bytes += get(in, out, host, path, null, sink);
        requests++;
      }
      for (int i = 0; i < LARGE_REQUESTS && files.largest() != null; i++) {
        if (System.nanoTime() > deadline) {
          break;
        }
        long from = (i * RANGE) % Math.max(1, files.largestSize() - RANGE);
        String range = "bytes=" + from + "-" + (from + RANGE - 1);
        bytes += get(in, out, host, files.largest(), range, sink);
        requests++;
      }
    }
    return new Result(requests, bytes, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * The four smallest files of at most {@link #SMALL} (else the smallest file), and the largest
   * file above {@link #SMALL}, by URL path.
   */
  public static Picked pick(Path imagesDir) throws IOException {
    if (!Files.isDirectory(imagesDir)) {
      return new Picked(List.of(), null, 0);
    }
    record Found(String path, long size) {}
    List<Found> found = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(imagesDir, 3)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String relative = imagesDir.relativize(p).toString().replace('\\', '/');
        if (Files.isRegularFile(p)
            && PLAIN.matcher(relative).matches()
            && !relative.startsWith(".")
            && !relative.contains("/.")) {
          found.add(new Found(BootHttpPath.IMAGES + relative, Files.size(p)));
        }
      }
    }
    List<Found> bySize =
        found.stream()
            .filter(f -> f.size() > 0)
            .sorted(Comparator.comparingLong(Found::size).thenComparing(Found::path))
            .toList();
    List<String> small =
        bySize.stream().filter(f -> f.size() <= SMALL).limit(4).map(Found::path).toList();
    if (small.isEmpty() && !bySize.isEmpty()) {
      small = List.of(bySize.get(0).path());
    }
    Found largest =
        found.stream()
            .filter(f -> f.size() > SMALL)
            .max(Comparator.comparingLong(Found::size))
            .orElse(null);
    return largest == null
        ? new Picked(small, null, 0)
        : new Picked(small, largest.path(), largest.size());
  }

  /** One keep-alive GET; returns the body's length, read and dropped. */
  private static long get(
      InputStream in, OutputStream out, String host, String path, String range, byte[] sink)
      throws IOException {
    String request =
        "GET "
            + path
            + " HTTP/1.1\r\nHost: "
            + host
            + "\r\nUser-Agent: Bootkeeper-warm-up\r\n"
            + (range == null ? "" : "Range: " + range + "\r\n")
            + "\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String status = line(in);
    if (!status.startsWith("HTTP/1.1 200") && !status.startsWith("HTTP/1.1 206")) {
      throw new IOException("GET " + path + ": " + status);
    }
    long length = -1;
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(header.substring("content-length:".length()).trim());
      }
    }
    if (length < 0) {
      throw new IOException("GET " + path + ": no Content-Length");
    }
    for (long left = length; left > 0; ) {
      int n = in.read(sink, 0, (int) Math.min(sink.length, left));
      if (n < 0) {
        throw new IOException("GET " + path + ": the server closed the connection");
      }
      left -= n;
    }
    return length;
  }

  /** One header line without its CRLF (ASCII: a status line or a header). */
  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("the server closed the connection");
      }
      if (c != '\r') {
        b.append((char) c);
      }
      if (b.length() > 8192) {
        throw new IOException("header line too long");
      }
    }
    return b.toString();
  }
}
