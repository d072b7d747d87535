/**
 * Dashboard users, roles (admin, viewer), password hashing, sessions and the CSRF check of every
 * form; {@code DashboardGuard} keeps pages behind a login.
 */
package dev.bootkeeper.dashboard.auth;
