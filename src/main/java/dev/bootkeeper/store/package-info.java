/**
 * Panache entities and their queries: profiles, hosts, images, settings, tokens, leases, boot
 * events. The schema is Flyway's ({@code db/migration}); entities import nothing of the appliance
 * above them.
 */
package dev.bootkeeper.store;
