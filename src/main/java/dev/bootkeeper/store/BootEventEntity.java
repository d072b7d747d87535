package dev.bootkeeper.store;

import dev.bootkeeper.boot.BootEvent;
import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

@Entity
@Table(name = "boot_event")
public class BootEventEntity extends PanacheEntity {

  @Column(name = "occurred_at", nullable = false)
  public OffsetDateTime at;

  public String mac;
  public String ip;
  public String uuid;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public BootEvent.Protocol protocol;

  @Column(nullable = false)
  public String step;

  public String detail;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public BootEvent.Outcome outcome;

  public static BootEventEntity from(BootEvent e) {
    BootEventEntity entity = new BootEventEntity();
    entity.at = e.at().atOffset(ZoneOffset.UTC);
    entity.mac = e.mac();
    entity.ip = e.ip();
    entity.uuid = e.uuid();
    entity.protocol = e.protocol();
    entity.step = truncate(e.step(), 64);
    entity.detail = truncate(e.detail(), 2000);
    entity.outcome = e.outcome();
    return entity;
  }

  public BootEvent toRecord() {
    return new BootEvent(at.toInstant(), mac, ip, uuid, protocol, step, detail, outcome);
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
