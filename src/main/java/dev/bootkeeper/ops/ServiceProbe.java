package dev.bootkeeper.ops;

/** One service's status, read fresh on every call; each service has one CDI bean of this. */
public interface ServiceProbe {

  ServiceStatus status();
}
