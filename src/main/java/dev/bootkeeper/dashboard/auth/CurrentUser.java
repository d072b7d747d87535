package dev.bootkeeper.dashboard.auth;

import jakarta.enterprise.context.RequestScoped;

/** The session of the request being served, filled in by {@link DashboardGuard}. */
@RequestScoped
public class CurrentUser {

  private SessionInfo session;
  private boolean csrfVerified;

  void set(SessionInfo session) {
    this.session = session;
  }

  /** The session; null outside a logged-in dashboard request. */
  public SessionInfo get() {
    return session;
  }

  void csrfVerified() {
    csrfVerified = true;
  }

  /** True once this request's CSRF token was checked (from the X-CSRF-Token header). */
  boolean isCsrfVerified() {
    return csrfVerified;
  }

  public String username() {
    return session == null ? "anonymous" : session.username();
  }
}
