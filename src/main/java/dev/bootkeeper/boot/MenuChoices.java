package dev.bootkeeper.boot;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which menu entry a machine booted. A menu is chosen at the machine's console, where Bootkeeper
 * cannot see; what it does see is the loader fetching the chosen entry's kernel and initrds. So
 * after a machine was served a menu, a fetch of a file that belongs to exactly one of its entries
 * names that entry: the fetch is filed under the entry's profile in the boot trace, and the first
 * such fetch is the choice. Entries that share every file (one kernel, two command lines) cannot be
 * told apart this way, and their fetches are filed under no profile.
 */
@ApplicationScoped
public class MenuChoices {

  /** A menu served this long ago no longer explains a machine's fetches. */
  static final Duration KEEP = Duration.ofMinutes(10);

  static final int CAPACITY = 65_536;

  private static final String HTTP_IMAGES = "/images/";

  /**
   * @param chosen the entry seen chosen so far, or null
   */
  private record Served(String menu, MenuSpec spec, Instant at, String chosen) {
    boolean current(Instant now) {
      return at.plus(KEEP).isAfter(now);
    }
  }

  /** A machine's fetch showed which entry of its menu it boots. */
  public record Choice(String menu, ProfileSpec entry) {}

  private final Map<MacAddress, Served> served = new ConcurrentHashMap<>();

  /** The machine was served this profile's config: a menu's entries now explain its fetches. */
  public void served(MacAddress mac, ProfileSpec profile) {
    if (profile.menu().isEmpty()) {
      served.remove(mac);
      return;
    }
    Instant now = Instant.now();
    if (served.size() >= CAPACITY) {
      served.entrySet().removeIf(e -> !e.getValue().current(now));
    }
    if (served.size() < CAPACITY) {
      served.compute(
          mac,
          (m, old) ->
              old != null && old.menu().equals(profile.name()) && old.current(now)
                  // One boot fetches its config more than once: keep what it chose.
                  ? new Served(old.menu(), profile.menu().get(), now, old.chosen())
                  : new Served(profile.name(), profile.menu().get(), now, null));
    }
  }

  /**
   * The machine fetched this file (a normalised path under the images directory). Returns the entry
   * it belongs to when that is news: the first file of an entry after the menu was served.
   */
  public Optional<Choice> fetched(MacAddress mac, String path) {
    Optional<ProfileSpec> entry = entryOf(mac, path);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    String name = entry.get().name();
    Served before = served.get(mac);
    if (before == null || name.equals(before.chosen())) {
      return Optional.empty();
    }
    Served after = new Served(before.menu(), before.spec(), before.at(), name);
    return served.replace(mac, before, after)
        ? Optional.of(new Choice(before.menu(), entry.get()))
        : Optional.empty();
  }

  /**
   * The same event filed under the menu entry it belongs to: a TFTP or HTTP fetch, by a machine
   * that was served a menu, of a file of exactly one entry. Any other event is returned as it is.
   */
  public BootEvent attribute(BootEvent event) {
    BootEvent.Facts facts = event.facts();
    if (served.isEmpty()
        || facts.profile() != null
        || facts.file() == null
        || event.mac() == null
        || (event.protocol() != BootEvent.Protocol.TFTP
            && event.protocol() != BootEvent.Protocol.HTTP)) {
      return event;
    }
    Optional<MacAddress> mac = MacAddress.parse(event.mac());
    Optional<String> path = pathOf(facts.file(), event.protocol());
    if (mac.isEmpty() || path.isEmpty()) {
      return event;
    }
    return entryOf(mac.get(), path.get())
        .map(e -> event.with(facts.withProfile(e.name())))
        .orElse(event);
  }

  private Optional<ProfileSpec> entryOf(MacAddress mac, String path) {
    Served s = served.get(mac);
    if (s == null || !s.current(Instant.now())) {
      return Optional.empty();
    }
    List<ProfileSpec> owners = s.spec().entriesFetching(path);
    return owners.size() == 1 ? Optional.of(owners.get(0)) : Optional.empty();
  }

  /** The path under the images directory a trace's file names: HTTP names the URL path. */
  static Optional<String> pathOf(String file, BootEvent.Protocol protocol) {
    String f = file;
    if (protocol == BootEvent.Protocol.HTTP) {
      if (!f.startsWith(HTTP_IMAGES)) {
        return Optional.empty();
      }
      f = f.substring(HTTP_IMAGES.length());
      if (f.indexOf('%') >= 0) {
        try {
          f = URLDecoder.decode(f.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return Optional.empty();
        }
      }
    }
    return ImageRoot.normalise(f) instanceof ImageRoot.Normalised.Ok ok
        ? Optional.of(ok.path())
        : Optional.empty();
  }
}
