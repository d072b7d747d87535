package dev.bootkeeper.dashboard.auth;

/** What a dashboard user may do. */
public enum Role {
  /** Changes things: profiles, hosts, settings, users. */
  ADMIN,
  /** Only looks. */
  VIEWER
}
