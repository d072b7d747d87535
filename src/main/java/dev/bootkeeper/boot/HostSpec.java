package dev.bootkeeper.boot;

import dev.bootkeeper.store.UefiChain;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of a host record, with its profiles already resolved to specs.
 *
 * @param profile the profile assigned to this host, if any
 * @param nextBoot a one-shot profile for the next boot only, if any
 * @param uefiChain the loader chain chosen for this host on x86-64 UEFI, if any
 */
public record HostSpec(
    MacAddress mac,
    String hostname,
    Optional<ProfileSpec> profile,
    Optional<ProfileSpec> nextBoot,
    Map<String, String> labels,
    Optional<UefiChain> uefiChain) {

  public HostSpec {
    profile = profile == null ? Optional.empty() : profile;
    nextBoot = nextBoot == null ? Optional.empty() : nextBoot;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    uefiChain = uefiChain == null ? Optional.empty() : uefiChain;
  }
}
