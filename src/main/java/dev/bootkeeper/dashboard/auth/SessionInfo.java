package dev.bootkeeper.dashboard.auth;

import io.quarkus.qute.TemplateData;
import java.time.OffsetDateTime;
import java.util.Locale;

/** A logged-in user as the dashboard sees it during one request. */
@TemplateData
public record SessionInfo(
    String sessionHash, String username, Role role, String csrfToken, OffsetDateTime expiresAt) {

  public boolean admin() {
    return role == Role.ADMIN;
  }

  /** "admin" or "viewer". */
  public String roleName() {
    return role.name().toLowerCase(Locale.ROOT);
  }
}
