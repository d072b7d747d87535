package dev.bootkeeper.api;

import dev.bootkeeper.dhcp.DhcpBindException;
import dev.bootkeeper.dhcp.DhcpControl;
import dev.bootkeeper.dhcp.DhcpNetwork;
import dev.bootkeeper.dhcp.DhcpServer;
import dev.bootkeeper.dhcp.DhcpStats;
import dev.bootkeeper.dhcp.JdbcLeaseStore;
import dev.bootkeeper.dhcp.VendorBootFile;
import dev.bootkeeper.inventory.SettingsService;
import dev.bootkeeper.store.DhcpLease;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.Inet4Address;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * The DHCP server's mode and networks, changed at run time without a restart, and its live state.
 * {@code PUT} checks everything first (400 naming the field), then stores the settings and restarts
 * the server with them; when a port cannot be bound nothing is stored and the previous settings run
 * again (409).
 */
@Path("/api/v1/dhcp")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DhcpResource {

  /**
   * @param subnets omitted: the current subnets stay
   * @param vendorBootFiles omitted: the current boot files by vendor class stay
   */
  public record DhcpInput(
      String mode, List<DhcpNetwork.SubnetSpec> subnets, List<VendorBootFile> vendorBootFiles) {}

  /**
   * @param source where mode and subnets come from: {@code stored} (API or dashboard) or {@code
   *     configuration} ({@code bootkeeper.dhcp.*})
   */
  public record DhcpView(
      String mode,
      List<DhcpNetwork.SubnetSpec> subnets,
      List<VendorBootFile> vendorBootFiles,
      String source,
      Status status) {}

  /**
   * @param port the bound DHCP port, null when not running
   * @param proxyPort the bound PXE port (proxy mode), null otherwise
   * @param foreignServer another DHCP server seen on the network, if any
   * @param activeLeases addresses offered or bound now
   */
  public record Status(
      boolean running,
      String serverAddress,
      Integer port,
      Integer proxyPort,
      Counters counters,
      String foreignServer,
      long activeLeases) {}

  public record Counters(long packets, long replies, long ignored, long malformed, long dropped) {}

  private final DhcpControl dhcp;
  private final SettingsService settings;
  private final JdbcLeaseStore leases;

  public DhcpResource(DhcpControl dhcp, SettingsService settings, JdbcLeaseStore leases) {
    this.dhcp = dhcp;
    this.settings = settings;
    this.leases = leases;
  }

  @GET
  @Transactional
  public DhcpView get() {
    DhcpServer s = dhcp.server();
    DhcpStats st = s.stats();
    DhcpNetwork n = dhcp.network();
    boolean running = s.running();
    String server = dhcp.serverAddress().map(Inet4Address::getHostAddress).orElse(null);
    leases.awaitWritten();
    long active =
        DhcpLease.count(
            "state in ('OFFERED', 'BOUND') and expiresAt > ?1", OffsetDateTime.now(ZoneOffset.UTC));
    return new DhcpView(
        n.mode().name().toLowerCase(Locale.ROOT),
        n.specs(),
        n.vendorBootFiles(),
        dhcp.source().name().toLowerCase(Locale.ROOT),
        new Status(
            running,
            server,
            running ? s.port() : null,
            running && s.proxyPort() >= 0 ? s.proxyPort() : null,
            new Counters(
                st.packets(),
                st.repliesSent(),
                st.ignoredPackets(),
                st.malformedPackets(),
                st.droppedPackets()),
            s.foreignServerSeen().orElse(null),
            active));
  }

  @PUT
  public DhcpView put(DhcpInput in) {
    if (in == null) {
      throw ApiProblem.badRequest(
          "send {\"mode\":\"off|proxy|full\",\"subnets\":[{\"subnet\":\"192.168.50.0/24\","
              + "\"range\":\"192.168.50.100-192.168.50.199\"}]}");
    }
    try {
      settings.changeDhcp(in.mode(), in.subnets(), in.vendorBootFiles());
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest(e.getMessage());
    } catch (DhcpBindException e) {
      throw ApiProblem.conflict(
          "DHCP cannot run with these settings, so they were not saved: " + e.getMessage());
    }
    return get();
  }
}
