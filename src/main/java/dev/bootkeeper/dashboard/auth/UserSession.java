package dev.bootkeeper.dashboard.auth;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A logged-in browser, keyed by the SHA-256 of its cookie value. */
@Entity
@Table(name = "user_session")
public class UserSession extends PanacheEntityBase {

  @Id public String id;

  @ManyToOne(fetch = FetchType.EAGER, optional = false)
  @JoinColumn(name = "user_id", nullable = false)
  public AppUser user;

  @Column(name = "csrf_token", nullable = false)
  public String csrfToken;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "expires_at", nullable = false)
  public OffsetDateTime expiresAt;
}
