/**
 * DHCP: the codec (RFC 2131/2132, PXE options of RFC 4578), the full-server and proxyDHCP
 * responders, the lease allocator and its JDBC store (claims committed before the answer, group
 * commit), and {@code DhcpControl}, the one place that reads and changes the mode and networks at
 * run time. Off until an admin turns it on.
 */
package dev.bootkeeper.dhcp;
