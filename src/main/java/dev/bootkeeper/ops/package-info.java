/**
 * Observes the running services: one {@code ServiceStatus} per service (through a {@code
 * ServiceProbe} each), readiness from those same statuses, and the Prometheus metrics. Reads the
 * protocol servers; changes nothing.
 */
package dev.bootkeeper.ops;
