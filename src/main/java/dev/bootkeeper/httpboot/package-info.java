/**
 * The machine-facing HTTP side on the dashboard's port: boot files under {@code /images/...} with
 * Range and HEAD, rendered iPXE scripts and GRUB configs per client, served from {@code boot}.
 */
package dev.bootkeeper.httpboot;
