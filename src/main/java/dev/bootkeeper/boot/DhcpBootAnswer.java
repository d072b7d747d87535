package dev.bootkeeper.boot;

import java.net.Inet4Address;

/**
 * What DHCP tells a PXE client to fetch first.
 *
 * @param bootFile the DHCP {@code file} / option 67 value: a path relative to the TFTP root for PXE
 *     ROMs, or an HTTP URL for iPXE and UEFI HTTP Boot
 * @param nextServer siaddr: the TFTP server (always this appliance)
 * @param profile the name of the profile that decided it, for the boot trace
 */
public record DhcpBootAnswer(String bootFile, Inet4Address nextServer, String profile) {}
