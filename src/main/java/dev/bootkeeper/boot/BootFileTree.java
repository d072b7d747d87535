package dev.bootkeeper.boot;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one virtual file tree that TFTP and HTTP serve: per-client configs rendered on the fly
 * (pxelinux, GRUB, iPXE), then static files under the images directory. A static file never shadows
 * a per-client config, so the bytes a machine downloads are always what the API previews.
 */
@ApplicationScoped
public class BootFileTree implements BootFiles {

  private final BootService boot;
  private final ClientDirectory clients;
  private final ImageRoot root;
  private final BootProgress progress;
  private final HostSightings sightings;
  private final MenuChoices menus;
  private final BootEventSink events;

  public BootFileTree(
      BootService boot,
      ClientDirectory clients,
      BootProgress progress,
      HostSightings sightings,
      MenuChoices menus,
      BootEventSink events) {
    this.boot = boot;
    this.clients = clients;
    this.progress = progress;
    this.sightings = sightings;
    this.menus = menus;
    this.events = events;
    this.root = boot.imageRoot();
  }

  @Override
  public FileLookup lookup(String requestedPath, BootClient client) {
    ImageRoot.Normalised n = ImageRoot.normalise(requestedPath);
    if (n instanceof ImageRoot.Normalised.Bad bad) {
      return new FileLookup.Refused(requestedPath, bad.reason());
    }
    String path = ((ImageRoot.Normalised.Ok) n).path();
    BootClient who = clients.identify(client, path);
    sightings.fetched(who);
    Optional<ConfigPath> config = ConfigPath.parse(path);
    if (config.isPresent()) {
      Optional<String> text = boot.renderFor(config.get(), who);
      return text.<FileLookup>map(
              t ->
                  new FileLookup.Found(
                      new BootFile.Rendered(path, t.getBytes(StandardCharsets.UTF_8))))
          .orElseGet(() -> new FileLookup.Missing(path));
    }
    FileLookup found = root.find(path);
    fetched(who, path, found);
    return found;
  }

  @Override
  public Optional<FileLookup> lookupWithoutWaiting(String requestedPath, BootClient client) {
    ImageRoot.Normalised n = ImageRoot.normalise(requestedPath);
    if (n instanceof ImageRoot.Normalised.Bad bad) {
      return Optional.of(new FileLookup.Refused(requestedPath, bad.reason()));
    }
    String path = ((ImageRoot.Normalised.Ok) n).path();
    BootClient who = client;
    Optional<ConfigPath> config = ConfigPath.parse(path);
    Optional<FileLookup> found;
    if (config.isPresent()) {
      found =
          boot.renderedWithoutWaiting(config.get(), who)
              .map(
                  t ->
                      new FileLookup.Found(
                          new BootFile.Rendered(path, t.getBytes(StandardCharsets.UTF_8))));
    } else {
      found = root.findWithoutReading(path);
    }
    if (found.isEmpty() || !sightings.fetchedWithoutWaiting(who)) {
      return Optional.empty();
    }
    if (config.isEmpty()) {
      fetched(who, path, found.get());
    }
    return found;
  }

  /** A static file was looked up: its menu entry and the boot's progress learn of it. */
  private void fetched(BootClient who, String path, FileLookup found) {
    if (found instanceof FileLookup.Found) {
      who.mac()
          .ifPresent(
              mac -> {
                menus.fetched(mac, path).ifPresent(choice -> chosen(who, mac, path, choice));
                progress.fileRequested(mac, path);
              });
    }
  }

  /**
   * A machine booted an entry of its menu: the trace says which, and from now on the boot ends at
   * the entry's last file (the menu itself has none).
   */
  private void chosen(BootClient who, MacAddress mac, String path, MenuChoices.Choice choice) {
    progress.configServed(mac, choice.entry());
    events.publish(
        BootEvent.now(
                mac.colon(),
                who.address() == null ? null : who.address().getHostAddress(),
                BootEvent.Protocol.API,
                BootStep.MENU_ENTRY_CHOSEN,
                BootEvent.Outcome.INFO,
                "menu '"
                    + choice.menu()
                    + "': entry '"
                    + choice.entry().name()
                    + "' booted (its file "
                    + LogText.of(path)
                    + " was fetched)")
            .with(BootEvent.Facts.file(path).withProfile(choice.entry().name())));
  }
}
