/**
 * The admin REST API ({@code /api/v1/...}, JSON) for scripts and tools: parses input, calls {@code
 * inventory}, {@code dhcp.DhcpControl} or {@code ops}, and maps their refusals to 4xx problem
 * answers that say what was wrong. Token checks live here ({@code ApiAuthFilter}). No rules of its
 * own: a rule written here would differ from the dashboard's.
 */
package dev.bootkeeper.api;
