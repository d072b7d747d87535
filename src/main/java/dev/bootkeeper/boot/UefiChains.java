package dev.bootkeeper.boot;

import dev.bootkeeper.store.UefiChain;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which loader chain an x86-64 UEFI machine gets, and why. Nothing on the wire says whether a
 * machine enforces Secure Boot, so it is the admin's choice: the host record first (it names one
 * machine), then the Secure Boot labels (a class of machines), then the profile it boots, then the
 * configured default. Secure Boot machines and iPXE machines thereby live on one network.
 */
public final class UefiChains {

  /** The chain and the rule that chose it, in words an admin can read. */
  public record Choice(UefiChain chain, String reason) {

    public boolean secureBoot() {
      return chain == UefiChain.SECURE_BOOT;
    }
  }

  private UefiChains() {}

  public static Choice choose(
      Optional<HostSpec> host, ProfileSpec profile, UefiChain fallback, List<String> sbLabels) {
    if (host.isPresent() && host.get().uefiChain().isPresent()) {
      return new Choice(host.get().uefiChain().get(), "chosen on the host record");
    }
    Map<String, String> labels = host.map(HostSpec::labels).orElse(Map.of());
    for (String wanted : sbLabels) {
      if (hasLabel(labels, wanted)) {
        return new Choice(
            UefiChain.SECURE_BOOT,
            "the host's label '"
                + wanted
                + "' is one of bootkeeper.dhcp.loader.secure-boot-labels");
      }
    }
    if (profile.uefiChain().isPresent()) {
      return new Choice(
          profile.uefiChain().get(), "chosen by its profile '" + profile.name() + "'");
    }
    return new Choice(fallback, "the default (bootkeeper.dhcp.loader.uefi-chain)");
  }

  /** {@code key} matches a label with any value; {@code key=value} only that value. */
  static boolean hasLabel(Map<String, String> labels, String wanted) {
    String w = wanted.strip();
    int eq = w.indexOf('=');
    if (eq < 0) {
      return !w.isEmpty() && labels.containsKey(w);
    }
    return w.substring(eq + 1).strip().equals(labels.get(w.substring(0, eq).strip()));
  }
}
