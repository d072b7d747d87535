/**
 * Transport details every network server shares and none owns: native epoll when available, and
 * TCP_CORK for large HTTP bodies. Imports nothing of the appliance.
 */
package dev.bootkeeper.net;
