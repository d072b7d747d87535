package dev.bootkeeper.dashboard.auth;

import jakarta.enterprise.context.RequestScoped;

/** The session of the request being served, filled in by {@link DashboardGuard}. */
@RequestScoped
public class CurrentUser {

  private SessionInfo session;

  void set(SessionInfo session) {
    this.session = session;
  }

  /** The session; null outside a logged-in dashboard request. */
  public SessionInfo get() {
    return session;
  }

  public String username() {
    return session == null ? "anonymous" : session.username();
  }
}
