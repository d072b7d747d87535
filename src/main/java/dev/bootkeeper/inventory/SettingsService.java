package dev.bootkeeper.inventory;

import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.dhcp.DhcpControl;
import dev.bootkeeper.dhcp.DhcpNetwork;
import dev.bootkeeper.dhcp.VendorBootFile;
import dev.bootkeeper.store.Setting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Locale;

/**
 * The run-time settings kept in the store: the default profile and the DHCP mode and networks. Both
 * the API and the Settings page change them here, so every change is audited once.
 */
@ApplicationScoped
public class SettingsService {

  /** The DHCP settings as the audit log compares them. */
  record DhcpState(
      String mode, List<DhcpNetwork.SubnetSpec> subnets, List<VendorBootFile> vendorBootFiles) {
    static DhcpState of(DhcpNetwork n) {
      return new DhcpState(
          n.mode().name().toLowerCase(Locale.ROOT), n.specs(), n.vendorBootFiles());
    }
  }

  record DefaultProfile(String defaultProfile) {}

  private final BootService boot;
  private final DhcpControl dhcp;
  private final AuditLog audit;

  public SettingsService(BootService boot, DhcpControl dhcp, AuditLog audit) {
    this.boot = boot;
    this.dhcp = dhcp;
    this.audit = audit;
  }

  /** Machines nobody configured boot this profile from now on; returns its name. */
  @Transactional
  public String setDefaultProfile(String name) {
    String before = boot.defaultProfile().name();
    String after = HostService.referenced(name).name;
    Setting.put(Setting.DEFAULT_PROFILE, after);
    audit.record(
        "update",
        AuditLog.SETTINGS,
        "default-profile",
        Changes.between(new DefaultProfile(before), new DefaultProfile(after)));
    return after;
  }

  /**
   * Checks, stores and applies the DHCP settings, as {@link DhcpControl#change} does; the audit
   * entry commits with them, and a port that cannot be bound rolls both back.
   *
   * @throws IllegalArgumentException when a field is wrong
   * @throws dev.bootkeeper.dhcp.DhcpBindException when a port cannot be bound
   */
  @Transactional
  public DhcpNetwork changeDhcp(
      String mode, List<DhcpNetwork.SubnetSpec> subnets, List<VendorBootFile> vendorBootFiles) {
    DhcpState before = DhcpState.of(dhcp.network());
    DhcpNetwork next = dhcp.change(mode, subnets, vendorBootFiles);
    audit.record("update", AuditLog.DHCP, null, Changes.between(before, DhcpState.of(next)));
    return next;
  }
}
