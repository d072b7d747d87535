package dev.bootkeeper.dashboard;

import dev.bootkeeper.dhcp.DhcpNetwork;
import io.quarkus.qute.TemplateData;
import java.util.Arrays;
import java.util.List;

/**
 * One DHCP subnet as a row of the Settings page's form. The page turns it into the DHCP server's
 * {@link DhcpNetwork.SubnetSpec}, which {@code DhcpControl} checks exactly as it checks the REST
 * API's, and back for display.
 */
@TemplateData
public record SubnetForm(
    String subnet,
    String rangeStart,
    String rangeEnd,
    String router,
    String dns,
    String domain,
    String options) {

  public static final SubnetForm EMPTY = new SubnetForm("", "", "", "", "", "", "");

  public boolean blank() {
    return (subnet + rangeStart + rangeEnd + router + dns + domain + options).isBlank();
  }

  /** The subnet as the DHCP server takes it; the lease time is the configured default. */
  public DhcpNetwork.SubnetSpec toSpec() {
    List<String> servers =
        Arrays.stream(dns.split("[,\\s]+")).map(String::trim).filter(d -> !d.isEmpty()).toList();
    return new DhcpNetwork.SubnetSpec(
        subnet.trim(),
        rangeStart.trim() + "-" + rangeEnd.trim(),
        router.isBlank() ? null : router.trim(),
        servers,
        domain.isBlank() ? null : domain.trim(),
        null,
        options.isBlank() ? null : OptionLines.options(options));
  }

  public static SubnetForm of(DhcpNetwork.SubnetSpec spec) {
    String[] range = spec.range().split("-", 2);
    return new SubnetForm(
        spec.subnet(),
        range[0],
        range.length > 1 ? range[1] : "",
        spec.router() == null ? "" : spec.router(),
        spec.dns() == null ? "" : String.join(", ", spec.dns()),
        spec.domain() == null ? "" : spec.domain(),
        OptionLines.options(spec.options()));
  }
}
