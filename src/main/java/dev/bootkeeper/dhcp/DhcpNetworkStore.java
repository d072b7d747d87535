package dev.bootkeeper.dhcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bootkeeper.store.Setting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The DHCP mode and networks kept in the {@code setting} table, where the API and the dashboard
 * write them:
 *
 * <ul>
 *   <li>{@value #MODE}: {@code off}, {@code proxy} or {@code full} (plain text);
 *   <li>{@value #SUBNETS}: a JSON array of {@link DhcpNetwork.SubnetSpec} objects, e.g. {@code
 *       [{"subnet":"192.168.50.0/24","range":"192.168.50.100-192.168.50.199",
 *       "router":"192.168.50.1","dns":["192.168.50.1"],"domain":"lab.example","leaseTime":"12h"}]}.
 *   <li>{@value #VENDOR_BOOT_FILES}: a JSON array of {@link VendorBootFile} objects, e.g. {@code
 *       [{"vendorClass":"U-Boot.armv8","bootFile":"boot/arm64/boot.scr.uimg"}]}.
 * </ul>
 *
 * A stored value overrides its {@code bootkeeper.dhcp.*} counterpart; a missing one does not.
 */
@ApplicationScoped
public class DhcpNetworkStore {

  public static final String MODE = "dhcp-mode";
  public static final String SUBNETS = "dhcp-subnets";
  public static final String VENDOR_BOOT_FILES = "dhcp-vendor-boot-files";

  private static final TypeReference<List<DhcpNetwork.SubnetSpec>> SPECS = new TypeReference<>() {};
  private static final TypeReference<List<VendorBootFile>> VENDORS = new TypeReference<>() {};

  private final ObjectMapper json;

  public DhcpNetworkStore(ObjectMapper json) {
    this.json = json;
  }

  /** What is stored, unchecked: the mode text and the subnets, each when present. */
  public record Stored(
      Optional<String> mode,
      Optional<List<DhcpNetwork.SubnetSpec>> subnets,
      Optional<List<VendorBootFile>> vendorBootFiles) {
    public boolean isEmpty() {
      return mode.isEmpty() && subnets.isEmpty() && vendorBootFiles.isEmpty();
    }
  }

  /**
   * @throws IllegalArgumentException when the stored subnets are not the JSON described above
   */
  @Transactional
  public Stored load() {
    Optional<List<DhcpNetwork.SubnetSpec>> subnets = Optional.empty();
    Optional<String> text = Setting.get(SUBNETS);
    if (text.isPresent()) {
      try {
        subnets = Optional.of(json.readValue(text.get(), SPECS));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            "setting " + SUBNETS + " is not a JSON array of subnets: " + e.getOriginalMessage(), e);
      }
    }
    Optional<List<VendorBootFile>> vendors = Optional.empty();
    Optional<String> vendorText = Setting.get(VENDOR_BOOT_FILES);
    if (vendorText.isPresent()) {
      try {
        vendors = Optional.of(json.readValue(vendorText.get(), VENDORS));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            "setting "
                + VENDOR_BOOT_FILES
                + " is not a JSON array of vendor-class boot files: "
                + e.getOriginalMessage(),
            e);
      }
    }
    return new Stored(Setting.get(MODE), subnets, vendors);
  }

  /** The longest value the {@code setting} table holds. */
  static final int MAX_VALUE = 65536;

  /**
   * @throws IllegalArgumentException when the subnets with their options are too long to store
   */
  @Transactional
  public void save(DhcpNetwork network) {
    Setting.put(MODE, network.mode().name().toLowerCase(Locale.ROOT));
    try {
      String subnets = json.writeValueAsString(network.specs());
      if (subnets.length() > MAX_VALUE) {
        throw new IllegalArgumentException(
            "the subnets with their options take "
                + subnets.length()
                + " characters stored; at most "
                + MAX_VALUE
                + " fit");
      }
      Setting.put(SUBNETS, subnets);
      Setting.put(VENDOR_BOOT_FILES, json.writeValueAsString(network.vendorBootFiles()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the DHCP settings as JSON", e);
    }
  }
}
