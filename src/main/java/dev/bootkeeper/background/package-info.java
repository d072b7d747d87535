/**
 * The appliance's background threads, one shape for all: a named daemon thread that turns a loop
 * until it is stopped ({@link dev.bootkeeper.background.DaemonLoop}), and a queue that one such
 * thread writes out in batches ({@link dev.bootkeeper.background.BatchWriter}). Every stop waits a
 * bounded time. {@link dev.bootkeeper.background.ThreadNice} sets a thread's Linux priority.
 * Imports nothing of the appliance, so every layer may use it.
 */
package dev.bootkeeper.background;
