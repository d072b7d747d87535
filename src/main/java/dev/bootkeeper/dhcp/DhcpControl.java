package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.DhcpOptionSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;

/**
 * The one place that says which DHCP mode and networks are in force and changes them at run time.
 * The REST API and the dashboard's Settings page both call {@link #change}, so a change from either
 * is checked the same way, stored, and applied to the running server at once.
 *
 * <p>Precedence: a mode or network list stored through the API or the dashboard overrides {@code
 * bootkeeper.dhcp.*} from the start after it; the configuration's values apply only while nothing
 * is stored ({@link #source()} says which).
 */
@ApplicationScoped
public class DhcpControl {

  /** At most this many subnets: they are stored as one setting value. */
  public static final int MAX_SUBNETS = 16;

  private final DhcpStartup startup;

  public DhcpControl(DhcpStartup startup) {
    this.startup = startup;
  }

  /** The mode and networks in force (the server is stopped when the mode is off). */
  public DhcpNetwork network() {
    return startup.network();
  }

  public DhcpMode mode() {
    return network().mode();
  }

  /** The mode {@code bootkeeper.dhcp.mode} asks for, which stored settings override. */
  public DhcpMode configuredMode() {
    return startup.config().mode();
  }

  public DhcpStartup.Source source() {
    return startup.source();
  }

  /** Where the mode in force was set, in the words a person looks for. */
  public String sourceName() {
    return source() == DhcpStartup.Source.STORED
        ? "set on the Settings page or through the API"
        : "bootkeeper.dhcp.mode";
  }

  /** The DHCP port of the configuration (the bound one may differ when it asked for port 0). */
  public int configuredPort() {
    return startup.config().port();
  }

  public DhcpServer server() {
    return startup.server();
  }

  /** The address clients are told is the server; empty when none can be worked out. */
  public Optional<Inet4Address> serverAddress() {
    Optional<Inet4Address> running = server().settings().map(DhcpSettings::serverAddress);
    if (running.isPresent()) {
      return running;
    }
    try {
      return Optional.of(startup.base().serverAddress());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Checks, stores and applies a new mode and networks. Nothing is stored when they are invalid or
   * the server cannot run with them; the previous settings then keep running.
   *
   * @param subnets null keeps the current networks
   * @throws IllegalArgumentException when the mode or a network is wrong; the message names the
   *     field (e.g. {@code subnets[0].range}) and says what is wrong
   * @throws DhcpBindException when a port cannot be bound with the new settings
   */
  @Transactional
  public DhcpNetwork change(String mode, List<DhcpNetwork.SubnetSpec> subnets) {
    return change(mode, subnets, null);
  }

  /**
   * As {@link #change(String, List)}, with the boot files by vendor class.
   *
   * @param vendorBootFiles null keeps the current ones
   */
  @Transactional
  public DhcpNetwork change(
      String mode, List<DhcpNetwork.SubnetSpec> subnets, List<VendorBootFile> vendorBootFiles) {
    DhcpNetwork next = check(mode, subnets, vendorBootFiles);
    startup.change(next);
    return next;
  }

  /**
   * The mode and networks {@link #change} would apply, checked but neither stored nor applied.
   *
   * @throws IllegalArgumentException as {@link #change} does
   */
  public DhcpNetwork check(String mode, List<DhcpNetwork.SubnetSpec> subnets) {
    return check(mode, subnets, null);
  }

  /**
   * As {@link #check(String, List)}, with the boot files by vendor class (null keeps the current).
   */
  public DhcpNetwork check(
      String mode, List<DhcpNetwork.SubnetSpec> subnets, List<VendorBootFile> vendorBootFiles) {
    List<DhcpNetwork.SubnetSpec> specs = subnets == null ? network().specs() : subnets;
    if (specs.size() > MAX_SUBNETS) {
      throw new IllegalArgumentException("at most " + MAX_SUBNETS + " subnets");
    }
    List<VendorBootFile> vendors =
        vendorBootFiles == null ? network().vendorBootFiles() : vendorBootFiles;
    return DhcpNetwork.parse(
        mode, specs, vendors, startup.base().serverAddress(), startup.config().leaseTime());
  }

  /**
   * What the full server would offer a machine with this reserved address and these host options
   * (the explain view); empty when DHCP is not in full mode or no subnet serves it. Host options
   * that no longer pass the checks are left out, as the server leaves them out.
   */
  public Optional<OfferPreview> preview(
      Optional<Inet4Address> reserved, List<DhcpOptionSpec> hostOptions) {
    DhcpNetwork n = network();
    if (n.mode() != DhcpMode.FULL) {
      return Optional.empty();
    }
    DhcpSettings settings;
    try {
      settings = startup.base().withNetwork(n);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    List<ConfiguredOption> host;
    try {
      host = ConfiguredOption.parse("dhcpOptions", hostOptions);
    } catch (IllegalArgumentException e) {
      host = List.of();
    }
    List<ConfiguredOption> fromHost = host;
    return OfferPreview.subnetFor(settings, reserved)
        .map(s -> OfferPreview.of(s, settings.serverAddress(), fromHost));
  }
}
