package dev.bootkeeper.boot;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet4Address;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Rehearses what recording a boot writes (boot events, host sightings) before the appliance says it
 * is ready, with synthetic machines, in transactions that are rolled back. The protocol warm-ups
 * hide their own events, so without this the first real boots of a storm met a cold writer: their
 * first batches ran interpreted, parsed their queries, and took the CPU the protocol servers needed
 * (a 256 MiB download that began right after ready ran at half speed while the first sighting was
 * written).
 */
@ApplicationScoped
public class RecordingRehearsal {

  /**
   * Boot event batches rehearsed at most. Measured on 2 cores: the first batch of 100 takes 45 ms,
   * the tenth 6 ms; later ones gain little.
   */
  static final int EVENT_BATCHES = 10;

  /**
   * Sighting batches rehearsed at most. The first takes about 600 ms (Hibernate parses its queries
   * and loads the insert path), the next ones about 100 ms each.
   */
  static final int SIGHTING_BATCHES = 2;

  /** Events per rehearsed batch: a second of a 25-per-second storm's DHCP and TFTP steps. */
  static final int EVENTS_PER_BATCH = 100;

  /** Machines per rehearsed sighting batch. */
  static final int SIGHTINGS_PER_BATCH = 25;

  private final BootEventRecorder events;
  private final HostSightings sightings;

  public RecordingRehearsal(BootEventRecorder events, HostSightings sightings) {
    this.events = events;
    this.sightings = sightings;
  }

  /** What was rehearsed; nothing of it was stored. */
  public record Result(int events, int sightings, Duration took) {}

  /**
   * Rehearses both writers, each for at most half of {@code max}.
   *
   * @throws SQLException when the store refuses the boot event insert
   */
  public Result run(Duration max) throws SQLException {
    long start = System.nanoTime();
    long half = max.toNanos() / 2;
    int eventCount = 0;
    for (int b = 0; b < EVENT_BATCHES && System.nanoTime() - start < half; b++) {
      List<BootEvent> batch = syntheticEvents(b);
      events.rehearse(batch);
      eventCount += batch.size();
    }
    long sightingsStart = System.nanoTime();
    int sightingCount = 0;
    for (int b = 0; b < SIGHTING_BATCHES && System.nanoTime() - sightingsStart < half; b++) {
      List<BootRequest> batch = syntheticSightings(b);
      sightings.rehearse(batch);
      sightingCount += batch.size();
    }
    return new Result(eventCount, sightingCount, Duration.ofNanos(System.nanoTime() - start));
  }

  /** A locally administered MAC in a block no vendor assigns: no real machine has it. */
  static MacAddress syntheticMac(int batch, int i) {
    return MacAddress.of(String.format("02:00:5e:fe:%02x:%02x", batch & 0xff, i & 0xff));
  }

  /** The steps of a storm: a DHCP exchange, a TFTP transfer, an HTTP fetch, an NBD session. */
  private static List<BootEvent> syntheticEvents(int batch) {
    List<BootEvent> out = new ArrayList<>(EVENTS_PER_BATCH);
    Instant now = Instant.now();
    for (int i = 0; out.size() < EVENTS_PER_BATCH; i++) {
      String mac = syntheticMac(batch, i).colon();
      String ip = "127.0.0." + (1 + i % 254);
      BootEvent.Facts bios = BootEvent.Facts.NONE.withFirmware(Firmware.BIOS);
      BootEvent.Facts file =
          BootEvent.Facts.file("pxelinux.0").withBytes(46_000 + i).withDurationMs(i % 50);
      out.add(event(now, mac, ip, BootEvent.Protocol.DHCP, BootStep.DHCP_DISCOVER, bios));
      out.add(event(now, mac, ip, BootEvent.Protocol.DHCP, BootStep.DHCP_OFFER, bios));
      out.add(event(now, mac, ip, BootEvent.Protocol.DHCP, BootStep.DHCP_REQUEST, bios));
      out.add(event(now, mac, ip, BootEvent.Protocol.DHCP, BootStep.DHCP_ACK, bios));
      out.add(event(now, mac, ip, BootEvent.Protocol.TFTP, BootStep.TRANSFER_DONE, file));
      out.add(event(now, mac, ip, BootEvent.Protocol.HTTP, BootStep.HTTP_GET, file));
      out.add(
          new BootEvent(
              now,
              mac,
              ip,
              null,
              BootEvent.Protocol.TFTP,
              BootStep.TRANSFER_FAILED,
              BootEvent.Outcome.INFO,
              FailureReason.NOT_FOUND,
              "pxelinux.cfg/01-" + mac.replace(':', '-'),
              BootEvent.Facts.file("pxelinux.cfg/01-" + mac.replace(':', '-')),
              "warm-up"));
    }
    return out.subList(0, EVENTS_PER_BATCH);
  }

  private static BootEvent event(
      Instant at,
      String mac,
      String ip,
      BootEvent.Protocol protocol,
      BootStep step,
      BootEvent.Facts facts) {
    return new BootEvent(
        at,
        mac,
        ip,
        null,
        protocol,
        step,
        BootEvent.Outcome.OK,
        null,
        step.label(),
        facts.withProfile("warm-up"),
        "warm-up");
  }

  /** Half the machines with a UUID (a PXE client's), as a storm's DHCP sightings have. */
  private static List<BootRequest> syntheticSightings(int batch) {
    List<BootRequest> out = new ArrayList<>(SIGHTINGS_PER_BATCH);
    for (int i = 0; i < SIGHTINGS_PER_BATCH; i++) {
      Optional<ClientUuid> uuid =
          i % 2 == 0 ? ClientUuid.parseWireOrder(new UUID(batch, i).toString()) : Optional.empty();
      Optional<Inet4Address> ip = Optional.of(Ipv4.fromInt(0x7f000001 + i));
      out.add(new BootRequest(syntheticMac(batch, i), uuid, ip, Firmware.BIOS, i % 3 == 0));
    }
    return out;
  }
}
