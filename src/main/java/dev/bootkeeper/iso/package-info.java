/**
 * A small, read-only ISO 9660 reader: the volume label, the directory tree with Rock Ridge or
 * Joliet names, and each file as one range of the ISO file, so the boot tree serves files inside an
 * ISO without extracting it. Bounded work on any input: a malformed image is refused with an {@link
 * dev.bootkeeper.iso.IsoException}, never half-read. Imports only the JDK.
 */
package dev.bootkeeper.iso;
