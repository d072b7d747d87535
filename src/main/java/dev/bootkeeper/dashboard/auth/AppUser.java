package dev.bootkeeper.dashboard.auth;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Optional;

/** A person who logs in to the dashboard. Only a PBKDF2 hash of the password is kept. */
@Entity
@Table(name = "app_user")
public class AppUser extends PanacheEntity {

  @Column(unique = true, nullable = false)
  public String username;

  @Column(name = "password_hash", nullable = false)
  public String passwordHash;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public Role role;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @PrePersist
  void onCreate() {
    createdAt = OffsetDateTime.now();
  }

  public static Optional<AppUser> byUsername(String username) {
    return find("username", username).firstResultOptional();
  }
}
