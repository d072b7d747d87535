package dev.bootkeeper.boot;

import dev.bootkeeper.store.Profile;
import dev.bootkeeper.store.ProfileKind;
import dev.bootkeeper.store.Setting;
import dev.bootkeeper.store.StoreChanges;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * What every boot decision reads besides the machine's own host record: the profiles with a label
 * selector and the default profile. Read once and kept until a profile or a setting changes ({@link
 * StoreChanges}), so that a boot storm of unknown machines costs no profile queries per packet.
 */
@ApplicationScoped
public class PlannerInputs {

  private static final Logger LOG = Logger.getLogger(PlannerInputs.class);

  /** The inputs as read at one version of the profiles and settings. */
  public record Snapshot(long version, List<ProfileSpec> selectors, ProfileSpec fallback) {}

  private final BootkeeperConfig config;
  private volatile Snapshot current;

  public PlannerInputs(BootkeeperConfig config) {
    this.config = config;
  }

  /** The current inputs; reads them (in the caller's transaction, or a new one) when outdated. */
  public Snapshot get() {
    long version = StoreChanges.version(StoreChanges.Area.PROFILES);
    Snapshot s = current;
    if (s != null && s.version() == version) {
      return s;
    }
    Snapshot read =
        QuarkusTransaction.joiningExisting()
            .call(() -> new Snapshot(version, selectorProfiles(), defaultProfile()));
    current = read;
    return read;
  }

  private static List<ProfileSpec> selectorProfiles() {
    return Profile.<Profile>find("select distinct p from Profile p join p.selector s").stream()
        .map(ProfileSpecs::from)
        .toList();
  }

  /** The stored setting, else the configured name, else local disk. */
  private ProfileSpec defaultProfile() {
    String name = Setting.get(Setting.DEFAULT_PROFILE).orElse(config.defaultProfile());
    return Profile.byName(name)
        .map(ProfileSpecs::from)
        .orElseGet(
            () -> {
              LOG.warnf("default profile '%s' does not exist; booting from local disk", name);
              return ProfileSpec.simple("local-disk", ProfileKind.LOCAL, null, List.of(), null);
            });
  }
}
