package dev.bootkeeper.store;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A stored boot event. The enums of the boot trace are kept as their names, so that the store does
 * not depend on the boot package: {@code dev.bootkeeper.boot.BootEventRows} converts.
 */
@Entity
@Table(name = "boot_event")
public class BootEventEntity extends PanacheEntity {

  @Column(name = "occurred_at", nullable = false)
  public OffsetDateTime at;

  public String mac;
  public String ip;
  public String uuid;

  @Column(nullable = false)
  public String protocol;

  /** The step's display label, as the API has always returned it. */
  @Column(nullable = false)
  public String step;

  /** The typed step; null on a row stored before steps were typed that V4 could not map. */
  @Column(name = "step_type")
  public String stepType;

  public String detail;

  @Column(nullable = false)
  public String outcome;

  public String reason;

  public String file;

  public Long bytes;

  @Column(name = "duration_ms")
  public Long durationMs;

  public String profile;

  public String firmware;

  /** The appliance that served the step; null on rows stored before several nodes were known. */
  public String node;
}
