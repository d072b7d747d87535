package dev.bootkeeper.boot;

import dev.bootkeeper.store.Host;
import dev.bootkeeper.store.Profile;
import dev.bootkeeper.store.ProfileKind;
import io.vertx.core.Context;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.net.Inet4Address;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The transactional entry points of the policy: the only boot-time caller of the store. Protocol
 * servers call it from worker threads, never from an event loop.
 */
@ApplicationScoped
public class BootService implements BootPolicy {

  private static final Logger LOG = Logger.getLogger(BootService.class);

  /**
   * A one-shot next boot is cleared when its config is first served, but one boot fetches its
   * config more than once (UEFI asks for the size, aborts, then downloads; pxelinux and GRUB
   * retry). For this long after the first fetch, the same machine keeps getting the one-shot
   * profile, unless the boot is seen to reach the profile's last file first (then a reboot right
   * after gets the host's own profile again). The grace is shared by every appliance on the
   * database ({@link OneShotGraces}), so a boot that fetches from another node keeps its profile.
   */
  static final Duration ONE_SHOT_GRACE = Duration.ofMinutes(3);

  private final BootkeeperConfig config;
  private final LoaderConfig loaders;
  private final ServerIdentity server;
  private final BootEventSink events;
  private final BootProgress progress;
  private final ConfigRenderer renderer;
  private final MenuChoices menus;
  private final PlannerInputs inputs;
  private final Reservations reservations;
  private final HostSightings sightings;
  private final HostRecords records;
  private final OneShotGraces graces;
  private final RenderedConfigs rendered;
  private final Map<MacAddress, UsedOneShot> recentOneShots = new ConcurrentHashMap<>();

  private record UsedOneShot(ProfileSpec profile, Instant until) {}

  public BootService(
      BootkeeperConfig config,
      LoaderConfig loaders,
      ServerIdentity server,
      BootEventSink events,
      BootProgress progress,
      MenuChoices menus,
      PlannerInputs inputs,
      Reservations reservations,
      HostSightings sightings,
      HostRecords records,
      OneShotGraces graces,
      RenderedConfigs rendered) {
    this.graces = graces;
    this.rendered = rendered;
    this.progress = progress;
    this.records = records;
    this.menus = menus;
    this.inputs = inputs;
    this.reservations = reservations;
    this.sightings = sightings;
    this.config = config;
    this.renderer = new ConfigRenderer(config.maxConfigBytes());
    this.loaders = loaders;
    this.server = server;
    this.events = events;
  }

  public ImageRoot imageRoot() {
    return new ImageRoot(java.nio.file.Path.of(config.imagesDir()));
  }

  public ConfigRenderer renderer() {
    return renderer;
  }

  public RenderContext context(Optional<MacAddress> mac) {
    return new RenderContext(
        server.address().getHostAddress(),
        server.httpBase(),
        config.nfsRoot().orElse(imageRoot().root().toString()),
        mac,
        loaders.biosIpxe(),
        loaders.efiX64());
  }

  /** Which profile this MAC boots now and why. Reads only: the one-shot is not used up. */
  @Transactional
  public BootDecision decide(MacAddress mac) {
    return decide(mac, hostSpec(mac));
  }

  /** What a machine boots and which UEFI loader chain it gets, from one read of its host record. */
  public record Plan(BootDecision decision, UefiChains.Choice uefiChain) {}

  @Transactional
  public Plan plan(MacAddress mac) {
    return plan(mac, hostSpec(mac));
  }

  private Plan plan(MacAddress mac, Optional<HostSpec> host) {
    BootDecision d = decide(mac, host);
    return new Plan(
        d,
        UefiChains.choose(
            host, d.profile(), loaders.uefiChain(), loaders.secureBootLabels().orElse(List.of())));
  }

  private BootDecision decide(MacAddress mac, Optional<HostSpec> host) {
    UsedOneShot used = recentOneShots.get(mac);
    if (used == null || !used.until().isAfter(Instant.now())) {
      used = graces.of(mac).map(g -> new UsedOneShot(g.profile(), g.until())).orElse(null);
    }
    if (used != null && used.until().isAfter(Instant.now())) {
      return new BootDecision(
          used.profile(),
          BootDecision.Rule.NEXT_BOOT,
          "the host's one-shot next boot of profile '"
              + used.profile().name()
              + "' is being used by the boot in progress",
          List.of("one-shot next boot in use: " + used.profile().name()));
    }
    PlannerInputs.Snapshot in = inputs.get();
    return BootPlanner.decide(host, in.selectors(), in.fallback());
  }

  /**
   * Decides for many hosts at once (lists, counts, filters): the selector profiles and the default
   * are read once, inside the caller's transaction. The same rules as {@link #decide}, except that
   * a one-shot boot in progress shows as the host's own next boot.
   */
  public Function<Host, BootDecision> plannerForLists() {
    PlannerInputs.Snapshot in = inputs.get();
    // Thousands of hosts share a few profiles; a menu's spec reads its entries from the store.
    Map<Long, ProfileSpec> specs = new java.util.HashMap<>();
    Function<Profile, ProfileSpec> cached =
        p -> specs.computeIfAbsent(p.id, id -> ProfileSpecs.from(p));
    return h -> BootPlanner.decide(Optional.of(spec(h, cached)), in.selectors(), in.fallback());
  }

  /** Exactly the bytes the machine would be served now, without using up a one-shot boot. */
  @Transactional
  public String preview(MacAddress mac, ConfigFormat format) {
    BootDecision d = decide(mac);
    return renderer.render(d.profile(), format, context(Optional.of(mac)));
  }

  /**
   * Renders the config a boot loader asked for. The answer for a named machine uses up its one-shot
   * next boot; {@code empty} means "no such file" (an unknown UUID or hex-IP name, so the loader
   * goes on to its next candidate).
   */
  @Transactional
  public Optional<String> renderFor(ConfigPath path, BootClient client) {
    RenderedConfigs.Versions versions = RenderedConfigs.Versions.now();
    Optional<MacAddress> mac = macFor(path, client);
    if (mac.isEmpty()) {
      if (path instanceof ConfigPath.Generic) {
        String text = genericConfig(path.format());
        rendered.keep(new RenderedConfigs.Key(mac, path.format()), versions, null, text);
        return Optional.of(text);
      }
      return Optional.empty();
    }
    BootDecision d = decide(mac.get(), records.spec(mac.get()));
    if (d.usesNextBoot()) {
      useOneShot(mac.get(), d.profile());
    }
    progress.configServed(mac.get(), d.profile());
    menus.served(mac.get(), d.profile());
    String text = renderer.render(d.profile(), path.format(), context(mac));
    if (!d.usesNextBoot()) {
      rendered.keep(new RenderedConfigs.Key(mac, path.format()), versions, d.profile(), text);
    }
    return Optional.of(text);
  }

  /**
   * {@link #renderFor} when the config was rendered before and nothing it depends on changed since:
   * no transaction, no query, no rendering, so it may be called on an event loop. Empty when it
   * must be rendered (or the machine found in the store), by {@link #renderFor} on a worker.
   */
  public Optional<String> renderedWithoutWaiting(ConfigPath path, BootClient client) {
    Optional<MacAddress> mac;
    if (path instanceof ConfigPath.ByMac byMac) {
      mac = Optional.of(byMac.mac());
    } else if (path instanceof ConfigPath.Generic) {
      mac = client.mac();
    } else {
      return Optional.empty();
    }
    if (mac.isPresent() && recentOneShots.containsKey(mac.get())) {
      return Optional.empty();
    }
    Optional<RenderedConfigs.Entry> kept =
        rendered.current(new RenderedConfigs.Key(mac, path.format()));
    if (kept.isEmpty()) {
      return Optional.empty();
    }
    ProfileSpec profile = kept.get().profile();
    if (mac.isPresent() && profile != null) {
      progress.configServed(mac.get(), profile);
      menus.served(mac.get(), profile);
    }
    return Optional.of(kept.get().text());
  }

  private Optional<MacAddress> macFor(ConfigPath path, BootClient client) {
    if (path instanceof ConfigPath.ByMac byMac) {
      return Optional.of(byMac.mac());
    }
    if (path instanceof ConfigPath.ByUuid byUuid) {
      return Host.<Host>find("uuid", byUuid.uuid().wireOrder())
          .firstResultOptional()
          .map(h -> MacAddress.of(h.mac));
    }
    if (path instanceof ConfigPath.ByHexIp byHex) {
      // Only the full 8-digit name is specific to one machine; the shortened names are subnet
      // configs, which Bootkeeper does not invent.
      return client
          .mac()
          .filter(
              m ->
                  byHex.hexPrefix().length() == 8
                      && client.address() instanceof Inet4Address v4
                      && ConfigPath.hexIp(v4).equals(byHex.hexPrefix()));
    }
    return client.mac();
  }

  /**
   * For a loader that does not say who it is: pxelinux's {@code default} gets the default profile;
   * GRUB's plain {@code grub.cfg} hands over to the per-MAC file, spelled with GRUB's own variable.
   */
  private String genericConfig(ConfigFormat format) {
    if (format == ConfigFormat.GRUB) {
      return "# Bootkeeper: hand over to this machine's own config\n"
          + "configfile (tftp,"
          + server.address().getHostAddress()
          + ")/grub/grub.cfg-01-${net_default_mac}\n";
    }
    return renderer.render(defaultProfile(), format, context(Optional.empty()));
  }

  @PostConstruct
  void listenForLoadedBoots() {
    progress.onBootLoaded(this::oneShotBootLoaded);
  }

  /**
   * A boot has fetched its last file, here or on another node: no later fetch belongs to it, so a
   * one-shot it used (on whichever node) has no grace left. A fetch answered on an event loop must
   * not wait for the database: there the grace ends in the store from another thread, a few
   * milliseconds later.
   */
  private void oneShotBootLoaded(MacAddress mac) {
    boolean usedHere = recentOneShots.remove(mac) != null;
    if (!usedHere && !graces.mayBeInForce(mac)) {
      return;
    }
    if (Context.isOnEventLoopThread()) {
      CompletableFuture.runAsync(() -> endGrace(mac));
    } else {
      endGrace(mac);
    }
  }

  private void endGrace(MacAddress mac) {
    try {
      graces.end(mac);
      LOG.debugf("%s: one-shot boot loaded its last file; grace ended", mac.colon());
    } catch (RuntimeException e) {
      LOG.warnf(
          "%s: could not end the one-shot grace (it ends by itself within %s): %s",
          mac.colon(), ONE_SHOT_GRACE, e.getMessage());
    }
  }

  private void useOneShot(MacAddress mac, ProfileSpec profile) {
    Instant until = Instant.now().plus(ONE_SHOT_GRACE);
    UsedOneShot previous = recentOneShots.put(mac, new UsedOneShot(profile, until));
    if (previous != null && previous.until().isAfter(Instant.now())) {
      return;
    }
    if (graces.of(mac).isPresent()) {
      // Another node started this boot's grace: it cleared the next boot and said so.
      return;
    }
    Host.byMac(mac.colon()).ifPresent(h -> h.nextBootProfile = null);
    graces.begin(mac, profile, until);
    recentOneShots.entrySet().removeIf(e -> e.getValue().until().isBefore(Instant.now()));
    events.publish(
        BootEvent.now(
                mac.colon(),
                null,
                BootEvent.Protocol.API,
                BootStep.NEXT_BOOT_USED,
                BootEvent.Outcome.INFO,
                "one-shot profile '" + profile.name() + "' used; cleared for later boots")
            .with(BootEvent.Facts.NONE.withProfile(profile.name())));
  }

  /**
   * The boot answer for a DHCP request. The sighting is queued ({@link HostSightings}), not
   * written: the answer waits only for reading the machine's host record.
   */
  @Override
  public DhcpBootAnswer firstStage(BootRequest request) {
    progress.dhcpSeen(request.mac());
    sightings.dhcpSeen(request);
    return answer(request);
  }

  /** The same answer as {@link #firstStage}, recording nothing: for the start's warm-up. */
  @Override
  public BootPolicy withoutRecording() {
    BootService boot = this;
    return new BootPolicy() {
      @Override
      public DhcpBootAnswer firstStage(BootRequest request) {
        return boot.answer(request);
      }

      @Override
      public Optional<Inet4Address> reservedAddress(MacAddress mac) {
        return boot.reservedAddress(mac);
      }

      @Override
      public boolean isReservedForOther(Inet4Address ip, MacAddress mac) {
        return boot.isReservedForOther(ip, mac);
      }
    };
  }

  private DhcpBootAnswer answer(BootRequest request) {
    Plan plan = plan(request.mac(), records.spec(request.mac()));
    ProfileSpec profile = plan.decision().profile();
    return new DhcpBootAnswer(
        loaderFor(request, profile, plan.uefiChain()), server.address(), profile.name());
  }

  /**
   * iPXE always gets its per-machine script over HTTP, never a loader again (that would loop); UEFI
   * HTTP Boot gets a URL; PXE ROMs get the loader for their firmware, and x86-64 UEFI the first
   * loader of its chain (on Secure Boot, shim, which then loads the signed GRUB beside it).
   */
  public String loaderFor(BootRequest request, ProfileSpec profile, UefiChains.Choice chain) {
    if (request.ipxe()) {
      return server.httpBase() + "/boot/" + request.mac().colon() + ".ipxe";
    }
    String efiX64 = chain.secureBoot() ? loaders.efiX64SecureBoot() : loaders.efiX64();
    return switch (request.firmware()) {
      case UEFI_HTTP_X64 -> server.httpBase() + "/images/" + efiX64;
      case UEFI_HTTP_ARM64 -> server.httpBase() + "/images/" + loaders.efiArm64();
      case UEFI_X64 -> efiX64;
      case UEFI_IA32 -> loaders.efiX64();
      case UEFI_ARM64 -> loaders.efiArm64();
      case BIOS, UNKNOWN ->
          profile.kind() == ProfileKind.IPXE ? loaders.biosIpxe() : loaders.bios();
    };
  }

  /** From {@link HostRecords}: no transaction per DHCP packet. */
  @Override
  public List<DhcpOptionSpec> dhcpOptions(MacAddress mac) {
    return records.dhcpOptions(mac);
  }

  /** From {@link Reservations}: no transaction per DHCP packet. */
  @Override
  public Optional<Inet4Address> reservedAddress(MacAddress mac) {
    return reservations.of(mac);
  }

  @Override
  public boolean isReservedForOther(Inet4Address ip, MacAddress mac) {
    return reservations.reservedForOther(ip, mac);
  }

  /**
   * Records now that a machine was seen: updates last-seen, and creates a "discovered" host for a
   * MAC nobody configured.
   */
  public void recordSeen(BootRequest request) {
    sightings.recordNow(request);
  }

  Optional<HostSpec> hostSpec(MacAddress mac) {
    return Host.byMac(mac.colon()).map(h -> spec(h, ProfileSpecs::from));
  }

  static HostSpec spec(Host h, Function<Profile, ProfileSpec> specs) {
    return new HostSpec(
        MacAddress.of(h.mac),
        h.hostname,
        Optional.ofNullable(h.profile).map(specs),
        Optional.ofNullable(h.nextBootProfile).map(specs),
        h.labels,
        Optional.ofNullable(h.uefiChain));
  }

  List<ProfileSpec> selectorProfiles() {
    return inputs.get().selectors();
  }

  /** The default profile: the stored setting, else the configured name, else local disk. */
  public ProfileSpec defaultProfile() {
    return inputs.get().fallback();
  }

  static Optional<Inet4Address> toInet4(String text) {
    return Ipv4.parse(text);
  }
}
