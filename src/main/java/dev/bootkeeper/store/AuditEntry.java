package dev.bootkeeper.store;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One line of the audit log: who changed what, from where, when, and what it was before. */
@Entity
@Table(name = "audit_entry")
public class AuditEntry extends PanacheEntity {

  @Column(name = "occurred_at", nullable = false)
  public OffsetDateTime at;

  @Column(nullable = false)
  public String actor;

  /** {@code user}, {@code token} or {@code system}. */
  @Column(name = "actor_kind", nullable = false)
  public String actorKind;

  public String address;

  @Column(nullable = false)
  public String action;

  @Column(name = "entity_type", nullable = false)
  public String entityType;

  @Column(name = "entity_id")
  public String entityId;

  @Column(nullable = false)
  public String summary;
}
