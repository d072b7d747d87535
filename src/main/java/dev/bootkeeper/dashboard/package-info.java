/**
 * The browser dashboard: Qute pages, forms with CSRF tokens, and sessions ({@code auth}). Thin over
 * {@code inventory} (profiles, hosts), {@code dhcp.DhcpControl} (DHCP settings) and {@code ops}
 * (service status); it formats for people and never decides what may change.
 */
package dev.bootkeeper.dashboard;
