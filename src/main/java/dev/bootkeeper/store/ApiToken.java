package dev.bootkeeper.store;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** An API token. Only its SHA-256 is kept: the token itself is shown once, when created. */
@Entity
@Table(name = "api_token")
public class ApiToken extends PanacheEntity {

  @Column(unique = true, nullable = false)
  public String name;

  @Column(name = "token_hash", unique = true, nullable = false)
  public String tokenHash;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public TokenScope scope = TokenScope.ADMIN;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @PrePersist
  void onCreate() {
    createdAt = OffsetDateTime.now();
  }
}
