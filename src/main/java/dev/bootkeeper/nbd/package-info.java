/**
 * NBD: root filesystem images exported read-only over the fixed-newstyle protocol: the handshake
 * and transmission codecs and state machines, the exports, and the server.
 */
package dev.bootkeeper.nbd;
