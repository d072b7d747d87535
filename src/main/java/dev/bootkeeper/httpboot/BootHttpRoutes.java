package dev.bootkeeper.httpboot;

import dev.bootkeeper.boot.BootClient;
import dev.bootkeeper.boot.BootEventSink;
import dev.bootkeeper.boot.BootFile;
import dev.bootkeeper.boot.BootFiles;
import dev.bootkeeper.boot.ClientDirectory;
import dev.bootkeeper.boot.ConfigPath;
import dev.bootkeeper.boot.FileLookup;
import dev.bootkeeper.boot.MacAddress;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.regex.Matcher;
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

  private final BootFiles files;
  private final ClientDirectory clients;
  private final BootEventSink events;
  private final HttpBootStats stats;
  private final HttpBootConfig config;
  private final boolean compression;

  public BootHttpRoutes(
      BootFiles files,
      ClientDirectory clients,
      BootEventSink events,
      HttpBootStats stats,
      HttpBootConfig config,
      @ConfigProperty(name = "quarkus.http.enable-compression", defaultValue = "false")
          boolean compression) {
    this.files = files;
    this.clients = clients;
    this.events = events;
    this.stats = stats;
    this.config = config;
    this.compression = compression;
  }

  void register(@Observes Router router) {
    if (!config.enabled()) {
      LOG.info("machine-facing HTTP boot files are disabled (bootkeeper.http.enabled=false)");
      return;
    }
    router.route().order(ROUTE_ORDER).handler(this::handle);
  }

  void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String raw = request.path();
    if (!BootHttpPath.isBootPath(raw)) {
      ctx.next();
      return;
    }
    BootHttpExchange exchange = new BootHttpExchange(request, events, stats, compression);
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
    // The lookup may render a config from the store, and a file's size and time come from disk:
    // both off the event loop. Unordered, so one slow lookup does not hold up other clients.
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
                  exchange.answer(ar.result());
                }
              } else {
                exchange.failed(ar.cause());
              }
            });
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
    FileLookup lookup = files.lookup(path, client);
    Validators validators = null;
    if (lookup instanceof FileLookup.Found found && found.file() instanceof BootFile.OnDisk disk) {
      try {
        validators = Validators.of(disk.size(), Files.getLastModifiedTime(disk.path()).toInstant());
      } catch (IOException e) {
        lookup = new FileLookup.Missing(path);
      }
    }
    return new BootHttpExchange.Resolved(client, lookup, validators);
  }

  /** The MAC a URL names ({@code boot/<mac>.ipxe}), so the event is keyed by that machine. */
  private static Optional<MacAddress> macIn(BootHttpPath target) {
    if (target instanceof BootHttpPath.Lookup l) {
      Matcher m = ConfigPath.IPXE.matcher(l.path());
      if (m.matches()) {
        return MacAddress.parse(m.group(1));
      }
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
