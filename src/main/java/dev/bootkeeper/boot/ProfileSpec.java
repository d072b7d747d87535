package dev.bootkeeper.boot;

import dev.bootkeeper.store.ProfileKind;
import dev.bootkeeper.store.Stage3Method;
import dev.bootkeeper.store.UefiChain;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of a profile, as the planner and the renderers see it: no entity ever
 * leaves a transaction.
 *
 * @param templates per-format Qute templates that replace the built-in ones ({@code pxelinux},
 *     {@code ipxe}, {@code grub}); empty for the built-ins
 * @param selector the label set this profile is bound to; empty when it is not bound to labels
 * @param uefiChain the loader chain chosen for this profile on x86-64 UEFI, if any
 * @param menu for a menu profile, its entries, default and timeout; empty for every other kind
 */
public record ProfileSpec(
    String name,
    String description,
    ProfileKind kind,
    String kernel,
    List<String> initrds,
    String cmdline,
    String ipxeScript,
    Optional<Stage3Method> stage3Method,
    String stage3Image,
    Map<ConfigFormat, String> templates,
    Map<String, String> selector,
    int selectorPriority,
    Optional<UefiChain> uefiChain,
    Optional<MenuSpec> menu) {

  public ProfileSpec {
    initrds = initrds == null ? List.of() : List.copyOf(initrds);
    stage3Method = stage3Method == null ? Optional.empty() : stage3Method;
    templates = templates == null ? Map.of() : Map.copyOf(templates);
    selector = selector == null ? Map.of() : Map.copyOf(selector);
    uefiChain = uefiChain == null ? Optional.empty() : uefiChain;
    menu = menu == null ? Optional.empty() : menu;
  }

  /** A profile that is not a menu. */
  public ProfileSpec(
      String name,
      String description,
      ProfileKind kind,
      String kernel,
      List<String> initrds,
      String cmdline,
      String ipxeScript,
      Optional<Stage3Method> stage3Method,
      String stage3Image,
      Map<ConfigFormat, String> templates,
      Map<String, String> selector,
      int selectorPriority,
      Optional<UefiChain> uefiChain) {
    this(
        name,
        description,
        kind,
        kernel,
        initrds,
        cmdline,
        ipxeScript,
        stage3Method,
        stage3Image,
        templates,
        selector,
        selectorPriority,
        uefiChain,
        Optional.empty());
  }

  /** What a person sees for this profile in a menu: its description, else its name. */
  public String title() {
    return description == null || description.isBlank() ? name : description;
  }

  /** A profile with only the fields most kinds need; the rest empty. */
  public static ProfileSpec simple(
      String name, ProfileKind kind, String kernel, List<String> initrds, String cmdline) {
    return new ProfileSpec(
        name,
        null,
        kind,
        kernel,
        initrds,
        cmdline,
        null,
        Optional.empty(),
        null,
        Map.of(),
        Map.of(),
        0,
        Optional.empty());
  }
}
