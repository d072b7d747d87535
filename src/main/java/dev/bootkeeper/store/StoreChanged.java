package dev.bootkeeper.store;

/**
 * A CDI event: the database says an area changed, on this node or another one. Fired by {@link
 * ChangeFeed} from its own thread after the change committed; observers that keep something derived
 * from the area (the running DHCP server's networks) read it again.
 */
public record StoreChanged(StoreChanges.Area area) {}
