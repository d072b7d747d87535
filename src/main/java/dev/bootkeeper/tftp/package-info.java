/**
 * TFTP (RFC 1350, 2347-2349, 7440): the codec, the transfer state machine with its options, and the
 * server that admits requests, opens files through {@code boot} and reports each transfer.
 */
package dev.bootkeeper.tftp;
