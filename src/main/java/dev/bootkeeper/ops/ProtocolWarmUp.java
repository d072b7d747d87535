package dev.bootkeeper.ops;

import dev.bootkeeper.boot.BootkeeperConfig;
import dev.bootkeeper.boot.RecordingRehearsal;
import dev.bootkeeper.boot.WarmUpWindow;
import dev.bootkeeper.httpboot.HttpBootConfig;
import dev.bootkeeper.httpboot.HttpWarmUp;
import dev.bootkeeper.nbd.NbdConfig;
import dev.bootkeeper.nbd.NbdExport;
import dev.bootkeeper.nbd.NbdExports;
import dev.bootkeeper.nbd.NbdStartup;
import dev.bootkeeper.nbd.NbdWarmUp;
import dev.bootkeeper.tftp.TftpConfig;
import dev.bootkeeper.tftp.TftpStartup;
import dev.bootkeeper.tftp.TftpWarmUp;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Rehearses the recording of boots ({@link RecordingRehearsal}), then runs the NBD, TFTP and HTTP
 * warm-ups ({@link NbdWarmUp}, {@link TftpWarmUp}, {@link HttpWarmUp}) through the running servers
 * over loopback, with their boot events hidden ({@link WarmUpWindow}), before the appliance says it
 * is ready. A server bound to one non-loopback address is left cold: its warm-up requests would not
 * come from loopback and would be taken for a machine's.
 */
@ApplicationScoped
public class ProtocolWarmUp {

  private static final Logger LOG = Logger.getLogger(ProtocolWarmUp.class);

  private final WarmUpConfig config;
  private final WarmUpWindow window;
  private final RecordingRehearsal recording;
  private final NbdStartup nbd;
  private final NbdConfig nbdConfig;
  private final NbdExports exports;
  private final HttpBootConfig http;
  private final TftpStartup tftp;
  private final TftpConfig tftpConfig;
  private final BootkeeperConfig bootkeeper;
  private final String httpHost;

  public ProtocolWarmUp(
      WarmUpConfig config,
      WarmUpWindow window,
      RecordingRehearsal recording,
      NbdStartup nbd,
      NbdConfig nbdConfig,
      NbdExports exports,
      HttpBootConfig http,
      TftpStartup tftp,
      TftpConfig tftpConfig,
      BootkeeperConfig bootkeeper,
      @ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0") String httpHost) {
    this.config = config;
    this.window = window;
    this.recording = recording;
    this.nbd = nbd;
    this.nbdConfig = nbdConfig;
    this.exports = exports;
    this.http = http;
    this.tftp = tftp;
    this.tftpConfig = tftpConfig;
    this.bootkeeper = bootkeeper;
    this.httpHost = httpHost;
  }

  /** What ran: a protocol's result is empty when its warm-up did not apply or failed. */
  public record Summary(
      Optional<RecordingRehearsal.Result> recording,
      Optional<NbdWarmUp.Result> nbd,
      Optional<TftpWarmUp.Result> tftp,
      Optional<HttpWarmUp.Result> http) {}

  /**
   * Runs every warm-up that applies; never fails the start (a failed warm-up is only logged).
   *
   * @param httpPort the port the HTTP server listens on
   */
  public Summary run(int httpPort) {
    if (!config.enabled()) {
      return new Summary(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
    return warmUp(httpPort);
  }

  /** The warm-up itself, whatever the setting; one at a time, since they share one window. */
  synchronized Summary warmUp(int httpPort) {
    window.open();
    try {
      return new Summary(rehearseRecording(), warmUpNbd(), warmUpTftp(), warmUpHttp(httpPort));
    } finally {
      window.close();
    }
  }

  private Optional<RecordingRehearsal.Result> rehearseRecording() {
    try {
      RecordingRehearsal.Result r = recording.run(config.maxPerProtocol());
      LOG.infof(
          "recording warm-up: %d boot events and %d sightings written and rolled back in %d ms",
          r.events(), r.sightings(), r.took().toMillis());
      return Optional.of(r);
    } catch (SQLException | RuntimeException e) {
      LOG.warnf("recording warm-up failed (nothing was stored): %s", e.toString());
      return Optional.empty();
    }
  }

  private Optional<NbdWarmUp.Result> warmUpNbd() {
    Optional<Integer> port = nbd.server().map(s -> s.port());
    if (port.isEmpty() || !reachableOnLoopback(nbdConfig.bindAddress())) {
      return Optional.empty();
    }
    Optional<NbdExport> export =
        exports.list().stream()
            .filter(e -> e.size() > 0)
            .max(Comparator.comparingLong(NbdExport::size));
    if (export.isEmpty()) {
      LOG.debug("NBD warm-up skipped: no export yet");
      return Optional.empty();
    }
    try {
      NbdWarmUp.Result r =
          NbdWarmUp.run(
              new InetSocketAddress("127.0.0.1", port.get()),
              export.get(),
              config.maxPerProtocol());
      LOG.infof(
          "NBD warm-up: %d reads (%d MiB) of %s in %d ms",
          r.reads(), r.bytes() >> 20, export.get().name(), r.took().toMillis());
      return Optional.of(r);
    } catch (IOException | RuntimeException e) {
      LOG.warnf("NBD warm-up failed (the server is still up): %s", e.toString());
      return Optional.empty();
    }
  }

  private Optional<TftpWarmUp.Result> warmUpTftp() {
    Optional<Integer> port = tftp.server().map(s -> s.port());
    if (port.isEmpty() || !reachableOnLoopback(tftpConfig.bindAddress())) {
      return Optional.empty();
    }
    try {
      String file = HttpWarmUp.pick(Path.of(bootkeeper.imagesDir())).biggestUnderImages();
      if (file == null) {
        LOG.debug("TFTP warm-up skipped: no file yet");
        return Optional.empty();
      }
      TftpWarmUp.Result r =
          TftpWarmUp.run(
              new InetSocketAddress("127.0.0.1", port.get()), file, config.maxPerProtocol());
      LOG.infof(
          "TFTP warm-up: %d transfers, %d blocks (%d MiB) of %s in %d ms",
          r.transfers(), r.blocks(), r.bytes() >> 20, file, r.took().toMillis());
      return Optional.of(r);
    } catch (IOException | RuntimeException e) {
      LOG.warnf("TFTP warm-up failed (the server is still up): %s", e.toString());
      return Optional.empty();
    }
  }

  private Optional<HttpWarmUp.Result> warmUpHttp(int httpPort) {
    if (!http.enabled() || !reachableOnLoopback(httpHost)) {
      return Optional.empty();
    }
    try {
      HttpWarmUp.Result r =
          HttpWarmUp.run(
              new InetSocketAddress("127.0.0.1", httpPort),
              Path.of(bootkeeper.imagesDir()),
              config.maxPerProtocol());
      LOG.infof(
          "HTTP warm-up: %d requests (%d MiB) in %d ms",
          r.requests(), r.bytes() >> 20, r.took().toMillis());
      return Optional.of(r);
    } catch (IOException | RuntimeException e) {
      LOG.warnf("HTTP warm-up failed (the server is still up): %s", e.toString());
      return Optional.empty();
    }
  }

  private static boolean reachableOnLoopback(String bindAddress) {
    return bindAddress.equals("0.0.0.0")
        || bindAddress.equals("::")
        || bindAddress.startsWith("127.")
        || bindAddress.equals("localhost");
  }
}
