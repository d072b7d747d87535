/**
 * The inventory: profiles, hosts, presets and profile history, with every rule about what may
 * change and the message a person reads when a change is refused. The REST API and the dashboard
 * both call these services, so a rule and its wording exist once; each renders an {@link
 * dev.bootkeeper.inventory.InventoryException} in its own way (problem JSON, an HTML page).
 * Transactions begin here, never in the callers.
 */
package dev.bootkeeper.inventory;
