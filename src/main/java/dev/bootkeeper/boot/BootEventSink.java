package dev.bootkeeper.boot;

/**
 * Where protocol servers report boot steps. {@link #publish} never blocks: events are queued and
 * written to the store in batches by a worker, so it is safe to call from an event loop.
 */
public interface BootEventSink {

  void publish(BootEvent event);
}
