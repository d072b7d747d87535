package dev.bootkeeper.httpboot;

import dev.bootkeeper.boot.BootClient;
import dev.bootkeeper.boot.BootEventSink;
import dev.bootkeeper.boot.BootFile;
import dev.bootkeeper.boot.BootFiles;
import dev.bootkeeper.boot.ClientDirectory;
import dev.bootkeeper.boot.ConfigPath;
import dev.bootkeeper.boot.FileLookup;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.boot.WarmUpWindow;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The machine-facing HTTP side on Quarkus' HTTP server: no login (firmware cannot give one),
 * read-only, and confined to the boot tree that TFTP serves. One Vert.x route in front of all
 * others looks at the raw request path, so the path a client sent is judged as sent (Vert.x Web
 * would otherwise resolve {@code ..} before routing and hide a traversal attempt), and the answers
 * skip the framework's own handlers, compression included.
 */
@ApplicationScoped
public class BootHttpRoutes {

  private static final Logger LOG = Logger.getLogger(BootHttpRoutes.class);

  /**
   * After Quarkus' body-size limit (order -2) and before its compression handler (order 0) and
   * every application route (1000 and up).
   */
  static final int ROUTE_ORDER = -1;

  /** How often the repeats of identical answers are summed up into boot events. */
  private static final long REPEATS_EVERY_MS = RepeatedAnswers.WINDOW.toMillis();

  private final BootFiles files;
  private final ClientDirectory clients;
  private final BootEventSink events;
  private final HttpBootStats stats;
  private final HttpBootConfig config;
  private final WarmUpWindow warmUp;
  private final boolean compression;
  private final SmallFiles smallFiles = new SmallFiles();
  private final RepeatedAnswers repeats;

  public BootHttpRoutes(
      BootFiles files,
      ClientDirectory clients,
      BootEventSink events,
      HttpBootStats stats,
      HttpBootConfig config,
      WarmUpWindow warmUp,
      @ConfigProperty(name = "quarkus.http.enable-compression", defaultValue = "false")
          boolean compression) {
    this.files = files;
    this.clients = clients;
    this.events = events;
    this.stats = stats;
    this.config = config;
    this.warmUp = warmUp;
    this.compression = compression;
    this.repeats = new RepeatedAnswers(events);
  }

  void register(@Observes Router router, Vertx vertx) {
    if (!config.enabled()) {
      LOG.info("machine-facing HTTP boot files are disabled (bootkeeper.http.enabled=false)");
      return;
    }
    router.route().order(ROUTE_ORDER).handler(this::handle);
    vertx.setPeriodic(REPEATS_EVERY_MS, id -> repeats.endWindow());
  }

  /** The repeats counted so far reach the boot trace before the event writer stops. */
  void stop(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent ev) {
    repeats.endWindow();
  }

  void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String raw = request.path();
    if (!BootHttpPath.isBootPath(raw)) {
      ctx.next();
      return;
    }
    BootHttpExchange exchange =
        new BootHttpExchange(
            request,
            events,
            stats,
            repeats,
            compression,
            request.remoteAddress() != null
                && warmUp.hidesClient(request.remoteAddress().hostAddress()));
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      exchange.error(405, "method not allowed: boot files are read-only (GET and HEAD)");
      return;
    }
    BootHttpPath target = BootHttpPath.parse(raw, request.getParam("mac"));
    if (target instanceof BootHttpPath.Bad bad) {
      exchange.error(400, "bad request: " + bad.reason());
      return;
    }
    // Who is asking: a MAC in the URL path, else a ?mac= query (any boot path, so a GRUB or
    // pxelinux config can be fetched for a named machine), else lpxelinux's BOOTIF cookie, else
    // whatever DHCP learned about the source address.
    String query = request.getParam("mac");
    Optional<MacAddress> queryMac = MacAddress.parse(query);
    if (query != null && !query.isBlank() && queryMac.isEmpty()) {
      exchange.error(
          400, "bad request: '" + BootHttpPath.printable(query, 64) + "' is not a MAC address");
      return;
    }
    Optional<MacAddress> named =
        macIn(target)
            .or(() -> queryMac)
            .or(() -> SyslinuxCookie.bootif(request.getHeader("Cookie")));
    Optional<InetAddress> address = address(request);
    // A static file, or a config rendered before and still current, is answered right here on the
    // event loop: a hand-off to a worker and back cost more than the whole answer.
    Optional<BootHttpExchange.Resolved> atHand = resolveWithoutWaiting(target, address, named);
    if (atHand.isPresent()) {
      answer(ctx, exchange, atHand.get());
      return;
    }
    // Anything else may render a config from the store or read an ISO's directory: off the event
    // loop. Unordered, so one slow lookup does not hold up other clients.
    ctx.vertx()
        .executeBlocking(() -> resolve(target, address, named), false)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                if (ar.result() == null) {
                  exchange.error(
                      400,
                      "bad request: say which machine, as /boot.ipxe?mac=aa:bb:cc:dd:ee:ff or"
                          + " /boot/aa:bb:cc:dd:ee:ff.ipxe");
                } else {
                  answer(ctx, exchange, ar.result());
                }
              } else {
                exchange.failed(ar.cause());
              }
            });
  }

  /** Answers, then keeps a small file in memory for the next request, read off the event loop. */
  private void answer(
      RoutingContext ctx, BootHttpExchange exchange, BootHttpExchange.Resolved resolved) {
    exchange.answer(resolved, smallFiles);
    SmallFiles.Key key = resolved.small();
    if (key != null && smallFiles.claimLoad(key)) {
      ctx.vertx()
          .executeBlocking(
              () -> {
                smallFiles.load(key);
                return null;
              },
              false);
    }
  }

  /**
   * {@link #resolve} when it needs no worker: a file of the images directory or a config rendered
   * before, for a client known without asking the database. The file's {@code stat} happens here,
   * on the event loop, as nginx does it and as Vert.x's own sendfile opens the file: on a local
   * disk that is a lookup in the kernel's inode cache, not a wait.
   */
  Optional<BootHttpExchange.Resolved> resolveWithoutWaiting(
      BootHttpPath target, Optional<InetAddress> address, Optional<MacAddress> named) {
    if (!(target instanceof BootHttpPath.Lookup lookup)) {
      return Optional.empty();
    }
    Optional<BootClient> client =
        clients.identifyWithoutWaiting(new BootClient(address.orElse(null), named), lookup.path());
    if (client.isEmpty()) {
      return Optional.empty();
    }
    return files
        .lookupWithoutWaiting(lookup.path(), client.get())
        .map(found -> withValidators(client.get(), found));
  }

  /** Runs on a worker thread. Null for {@code /boot.ipxe} when the machine cannot be told. */
  BootHttpExchange.Resolved resolve(
      BootHttpPath target, Optional<InetAddress> address, Optional<MacAddress> named) {
    // A file names what it is; the caller's own script (/boot.ipxe) is rendered only on firm
    // evidence of who asks, never on the hint a config name left at the address.
    BootClient client =
        address
            .map(
                a ->
                    target instanceof BootHttpPath.Lookup lookup
                        ? clients.identify(new BootClient(a, named), lookup.path())
                        : clients.identifyFirmly(new BootClient(a, named)))
            .orElse(new BootClient(null, named));
    String path;
    if (target instanceof BootHttpPath.ScriptForCaller) {
      if (client.mac().isEmpty()) {
        return null;
      }
      path = BootHttpPath.scriptPath(client.mac().get());
    } else {
      path = ((BootHttpPath.Lookup) target).path();
    }
    return withValidators(client, files.lookup(path, client));
  }

  /**
   * A file on disk gets its validators (and, when small, its place in memory) from one {@code
   * stat}; a file gone since the lookup is missing.
   */
  private static BootHttpExchange.Resolved withValidators(BootClient client, FileLookup lookup) {
    if (lookup instanceof FileLookup.Found found && found.file() instanceof BootFile.OnDisk disk) {
      try {
        BasicFileAttributes a = Files.readAttributes(disk.path(), BasicFileAttributes.class);
        Validators validators = Validators.of(disk.size(), a.lastModifiedTime().toInstant());
        SmallFiles.Key small =
            SmallFiles.worthKeeping(disk.size())
                ? SmallFiles.Key.of(disk.path(), disk.offset(), disk.size(), a)
                : null;
        return new BootHttpExchange.Resolved(client, lookup, validators, small);
      } catch (IOException e) {
        return new BootHttpExchange.Resolved(
            client, new FileLookup.Missing(disk.name()), null, null);
      }
    }
    return new BootHttpExchange.Resolved(client, lookup, null, null);
  }

  /** The MAC a URL names ({@code boot/<mac>.ipxe}), so the event is keyed by that machine. */
  private static Optional<MacAddress> macIn(BootHttpPath target) {
    if (target instanceof BootHttpPath.Lookup l) {
      return ConfigPath.ipxeScriptMac(l.path());
    }
    return Optional.empty();
  }

  private static Optional<InetAddress> address(HttpServerRequest request) {
    if (request.remoteAddress() == null || request.remoteAddress().hostAddress() == null) {
      return Optional.empty();
    }
    try {
      // A literal address: no name lookup happens.
      return Optional.of(InetAddress.getByName(request.remoteAddress().hostAddress()));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
