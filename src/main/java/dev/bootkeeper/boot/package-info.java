/**
 * The policy: what a client boots and what bytes that takes. Identifies clients ({@code
 * MacAddress}, {@code Firmware}, {@code ClientDirectory}), decides ({@code BootPlanner}, {@code
 * BootService}: the only boot-time caller of the store), renders pxelinux, iPXE and GRUB configs
 * ({@code ConfigRenderer}), serves the image tree ({@code ImageRoot}, {@code BootFileTree}) and
 * records the boot trace ({@code BootEvent}, {@code BootEventRecorder}). Imports no protocol
 * package: DHCP, TFTP, HTTP and NBD each ask it one question and get plain values back.
 */
package dev.bootkeeper.boot;
