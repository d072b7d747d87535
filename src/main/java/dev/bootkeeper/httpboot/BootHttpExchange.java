package dev.bootkeeper.httpboot;

import dev.bootkeeper.boot.BootClient;
import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEventSink;
import dev.bootkeeper.boot.BootFile;
import dev.bootkeeper.boot.BootStep;
import dev.bootkeeper.boot.FailureReason;
import dev.bootkeeper.boot.FileLookup;
import dev.bootkeeper.boot.LogText;
import dev.bootkeeper.net.TcpCork;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One request for a boot file and its answer. The header names are written exactly as spelled here:
 * Vert.x keeps the case it is given, and GRUB's HTTP client ({@code grub-core/net/http.c}) only
 * sees {@code Content-Length: } spelled this way. Every answer has a fixed length, never chunked,
 * so GRUB, lpxelinux (HTTP/1.0, reads to the close) and EDK2 all read the same bytes; every answer
 * is reported as one boot event with its status, bytes and duration.
 */
final class BootHttpExchange {

  private static final Logger LOG = Logger.getLogger(BootHttpExchange.class);

  static final String CONTENT_LENGTH = "Content-Length";
  static final String CONTENT_TYPE = "Content-Type";
  static final String CONTENT_RANGE = "Content-Range";
  static final String ACCEPT_RANGES = "Accept-Ranges";
  static final String LAST_MODIFIED = "Last-Modified";
  static final String ETAG = "ETag";
  static final String DATE = "Date";
  static final String ALLOW = "Allow";
  static final String CACHE_CONTROL = "Cache-Control";
  static final String CONTENT_ENCODING = "Content-Encoding";

  /** Bodies at least this long go out corked (see {@link TcpCork}); smaller ones gain nothing. */
  private static final long CORK_FROM_BYTES = 256 * 1024;

  /**
   * What the lookup found for this request.
   *
   * @param validators for a file on disk; null for a rendered config
   * @param small where the file is kept in memory, when it is small enough; else null
   */
  record Resolved(
      BootClient client, FileLookup lookup, Validators validators, SmallFiles.Key small) {}

  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final BootEventSink events;
  private final HttpBootStats stats;
  private final RepeatedAnswers repeats;
  private final boolean markIdentity;
  private final long started = System.nanoTime();
  private final boolean head;
  private final String shownPath;

  /** The path without its query: the file the boot trace names. */
  private final String shownFile;

  private final String ip;
  private String mac;

  /** The appliance's own warm-up request ({@code boot.WarmUpWindow}): nothing is reported. */
  private final boolean warmUp;

  BootHttpExchange(
      HttpServerRequest request,
      BootEventSink events,
      HttpBootStats stats,
      RepeatedAnswers repeats,
      boolean markIdentity,
      boolean warmUp) {
    this.warmUp = warmUp;
    this.request = request;
    this.response = request.response();
    this.events = events;
    this.stats = stats;
    this.repeats = repeats;
    this.markIdentity = markIdentity;
    this.head = request.method() == HttpMethod.HEAD;
    String q = request.query();
    this.shownPath = BootHttpPath.printable(request.path() + (q == null ? "" : "?" + q), 200);
    this.shownFile = BootHttpPath.printable(request.path(), 200);
    this.ip = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
  }

  void identified(BootClient client) {
    this.mac = client.mac().map(m -> m.colon()).orElse(null);
  }

  /**
   * Answers what the lookup found, from memory when the file is kept there. Runs on the
   * connection's event loop.
   */
  void answer(Resolved r, SmallFiles kept) {
    identified(r.client());
    FileLookup lookup = r.lookup();
    if (lookup instanceof FileLookup.Refused refused) {
      error(403, "refused: " + refused.reason());
    } else if (lookup instanceof FileLookup.Missing) {
      error(404, "not found");
    } else {
      serve(
          ((FileLookup.Found) lookup).file(),
          r.validators(),
          r.small() == null ? null : kept.get(r.small()));
    }
  }

  /**
   * @param inMemory the file's bytes when kept in memory, else null
   */
  private void serve(BootFile file, Validators validators, Buffer inMemory) {
    if (response.closed()) {
      report(0, 0, FailureReason.CLIENT_ABORTED, "client went away before the answer");
      return;
    }
    long size = file.size();
    common(ContentTypes.of(file));
    response.putHeader(ACCEPT_RANGES, "bytes");
    if (validators != null) {
      response.putHeader(ETAG, validators.etag());
      response.putHeader(LAST_MODIFIED, validators.lastModifiedHeader());
      if (validators.notModified(
          request.getHeader("If-None-Match"), request.getHeader("If-Modified-Since"))) {
        response.setStatusCode(304);
        response.end();
        report(304, 0, null, null);
        return;
      }
    } else {
      // Rendered per client and per moment (a one-shot boot changes it): never cache.
      response.putHeader(CACHE_CONTROL, "no-store");
    }
    ByteRange range = ByteRange.parse(request.getHeader("Range"), size);
    if (validators != null && !validators.rangeStillValid(request.getHeader("If-Range"))) {
      range = ByteRange.WHOLE;
    }
    if (range instanceof ByteRange.Unsatisfiable u) {
      response.putHeader(CONTENT_RANGE, u.contentRange());
      body(416, "range not satisfiable: the file has " + size + " bytes\n", ContentTypes.TEXT);
      return;
    }
    long offset = 0;
    long length = size;
    int status = 200;
    if (range instanceof ByteRange.Part part) {
      offset = part.first();
      length = part.length();
      status = 206;
      response.putHeader(CONTENT_RANGE, part.contentRange());
    }
    response.setStatusCode(status);
    response.putHeader(CONTENT_LENGTH, Long.toString(length));
    if (head || length == 0) {
      response.end();
      report(status, 0, null, null);
      return;
    }
    final int s = status;
    final long n = length;
    if (inMemory != null) {
      send(inMemory.slice((int) offset, (int) (offset + length)), s, n);
    } else if (file instanceof BootFile.OnDisk disk) {
      // Zero-copy: Vert.x hands the region to the kernel (sendfile) on plain connections.
      Runnable uncork = n >= CORK_FROM_BYTES ? TcpCork.corkUntilDone(request) : () -> {};
      response
          .sendFile(disk.path().toString(), disk.offset() + offset, length)
          .onComplete(
              ar -> {
                uncork.run();
                if (ar.succeeded()) {
                  report(s, n, null, null);
                } else {
                  report(
                      s,
                      n,
                      FailureReason.CLIENT_ABORTED,
                      "not completed: " + ar.cause().getMessage());
                }
              });
    } else {
      byte[] content = ((BootFile.Rendered) file).content();
      send(Buffer.buffer(content).slice((int) offset, (int) (offset + length)), s, n);
    }
  }

  private void send(Buffer body, int status, long length) {
    response
        .end(body)
        .onComplete(
            ar ->
                report(
                    status,
                    ar.succeeded() ? length : 0,
                    ar.succeeded() ? null : FailureReason.CLIENT_ABORTED,
                    ar.succeeded() ? null : "not sent"));
  }

  /**
   * The lookup failed (a custom template that does not render, a config over the size limit, the
   * store down): the client gets a plain 500, since whoever fetches boot files needs no login and
   * the cause may name profiles, keys or paths; the log gets the cause in one line, without a stack
   * trace, because a machine in a boot loop fetches again every few seconds.
   */
  void failed(Throwable cause) {
    LOG.warnf(
        "HTTP boot lookup of %s failed: %s",
        LogText.of(shownPath), LogText.of(String.valueOf(cause)));
    error(500, "internal error");
  }

  /** A plain-text answer with the reason; boot firmware shows the status, a person the text. */
  void error(int status, String reason) {
    if (response.closed()) {
      report(0, 0, FailureReason.CLIENT_ABORTED, reason + "; client went away");
      return;
    }
    common(ContentTypes.TEXT);
    if (status == 405) {
      response.putHeader(ALLOW, "GET, HEAD");
    }
    body(status, status + " " + reason + "\n", ContentTypes.TEXT);
  }

  private void body(int status, String text, String type) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    response.setStatusCode(status);
    response.putHeader(CONTENT_TYPE, type);
    response.putHeader(CONTENT_LENGTH, Integer.toString(bytes.length));
    if (head) {
      response.end();
      report(status, 0, reasonFor(status), status >= 400 ? text.trim() : null);
    } else {
      response
          .end(Buffer.buffer(bytes))
          .onComplete(
              ar ->
                  report(
                      status, bytes.length, reasonFor(status), status >= 400 ? text.trim() : null));
    }
  }

  private void common(String type) {
    response.putHeader(DATE, HttpDates.now());
    response.putHeader(CONTENT_TYPE, type);
    if (markIdentity) {
      // With quarkus.http.enable-compression the server would gzip anything not marked; a
      // gzipped kernel is booted as garbage by iPXE, which treats unknown encodings as identity.
      response.putHeader(CONTENT_ENCODING, "identity");
    }
  }

  /** Why an error answer was sent, from its status (RFC 9110 §15); null for a success. */
  static FailureReason reasonFor(int status) {
    if (status < 400) {
      return null;
    }
    return switch (status) {
      case 403 -> FailureReason.ACCESS_DENIED;
      case 404 -> FailureReason.NOT_FOUND;
      default -> status >= 500 ? FailureReason.SERVER_ERROR : FailureReason.BAD_REQUEST;
    };
  }

  /**
   * Publishes the boot event for this answer. {@code reason} null means it went well; {@code
   * failure} says why it did not in words.
   */
  private void report(int status, long bytes, FailureReason reason, String failure) {
    if (warmUp) {
      return;
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    stats.record(status, bytes);
    String range = response.headers().get(CONTENT_RANGE);
    if (reason == null
        && status != 0
        && repeats.counted(
            new RepeatedAnswers.Kind(ip, mac, step(), shownPath, status, range),
            shownFile,
            bytes,
            ms)) {
      return;
    }
    StringBuilder d = new StringBuilder();
    d.append(request.method().name()).append(' ').append(shownPath).append(" -> ");
    d.append(status == 0 ? "no answer" : Integer.toString(status));
    d.append(", ").append(bytes).append(" bytes");
    if (range != null) {
      d.append(" (").append(range).append(')');
    }
    d.append(" in ").append(ms).append(" ms");
    if (failure != null) {
      d.append(": ").append(failure);
    }
    BootEvent.Facts facts = BootEvent.Facts.file(shownFile).withBytes(bytes).withDurationMs(ms);
    try {
      events.publish(
          (reason == null
                  ? BootEvent.now(
                      mac, ip, BootEvent.Protocol.HTTP, step(), BootEvent.Outcome.OK, d.toString())
                  : BootEvent.failedNow(
                      mac, ip, BootEvent.Protocol.HTTP, step(), reason, d.toString()))
              .with(facts));
    } catch (RuntimeException e) {
      LOG.debugf("could not publish HTTP boot event: %s", e.getMessage());
    }
  }

  private BootStep step() {
    if (request.method() == HttpMethod.GET) {
      return BootStep.HTTP_GET;
    }
    return head ? BootStep.HTTP_HEAD : BootStep.HTTP_OTHER;
  }
}
