package dev.bootkeeper.boot;

import dev.bootkeeper.store.BootEventEntity;
import java.time.ZoneOffset;

/** How a boot event is stored and read back: the enums as their names, texts cut to fit. */
public final class BootEventRows {

  private BootEventRows() {}

  public static BootEventEntity toEntity(BootEvent e) {
    BootEventEntity entity = new BootEventEntity();
    entity.at = e.at().atOffset(ZoneOffset.UTC);
    entity.mac = e.mac();
    entity.ip = e.ip();
    entity.uuid = e.uuid();
    entity.protocol = e.protocol().name();
    entity.step = e.step().label();
    entity.stepType = e.step().name();
    entity.detail = truncate(e.detail(), 2000);
    entity.outcome = e.outcome().name();
    entity.reason = e.reason() == null ? null : e.reason().name();
    BootEvent.Facts f = e.facts();
    entity.file = truncate(f.file(), 1024);
    entity.bytes = f.bytes();
    entity.durationMs = f.durationMs();
    entity.profile = truncate(f.profile(), 64);
    entity.firmware = f.firmware() == null ? null : f.firmware().name();
    entity.node = truncate(e.node(), 64);
    return entity;
  }

  /** The event of a stored row; a row older than the typed trace reads as an UNKNOWN step. */
  public static BootEvent toEvent(BootEventEntity e) {
    return new BootEvent(
        e.at.toInstant(),
        e.mac,
        e.ip,
        e.uuid,
        BootEvent.Protocol.valueOf(e.protocol),
        BootStep.fromName(e.stepType),
        BootEvent.Outcome.valueOf(e.outcome),
        FailureReason.fromName(e.reason),
        e.detail,
        new BootEvent.Facts(e.file, e.bytes, e.durationMs, e.profile, firmware(e.firmware)),
        e.node);
  }

  private static Firmware firmware(String name) {
    if (name == null) {
      return null;
    }
    try {
      return Firmware.valueOf(name);
    } catch (IllegalArgumentException e) {
      return Firmware.UNKNOWN;
    }
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
