package dev.bootkeeper.store;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** One saved state of a profile: a JSON snapshot, numbered per profile name from 1. */
@Entity
@Table(name = "profile_version")
public class ProfileVersion extends PanacheEntity {

  @Column(name = "profile_name", nullable = false)
  public String profileName;

  @Column(nullable = false)
  public int version;

  @Column(nullable = false, length = 100_000)
  public String snapshot;

  @Column(nullable = false)
  public String author;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @PrePersist
  void onCreate() {
    if (createdAt == null) {
      createdAt = OffsetDateTime.now();
    }
  }

  /** Newest first. */
  public static List<ProfileVersion> of(String profileName) {
    return list("profileName", Sort.descending("version"), profileName);
  }

  public static Optional<ProfileVersion> of(String profileName, int version) {
    return find("profileName = ?1 and version = ?2", profileName, version).firstResultOptional();
  }

  public static Optional<ProfileVersion> latest(String profileName) {
    return find("profileName", Sort.descending("version"), profileName).firstResultOptional();
  }
}
