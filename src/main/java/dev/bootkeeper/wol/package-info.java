/** Wake-on-LAN: builds magic packets and sends them to a host's subnets. */
package dev.bootkeeper.wol;
