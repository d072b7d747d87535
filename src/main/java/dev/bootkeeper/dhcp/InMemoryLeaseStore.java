package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import java.net.Inet4Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** A {@link LeaseStore} in memory: for tests and for running without persistence. */
public final class InMemoryLeaseStore implements LeaseStore {

  private final Map<Integer, Lease> byIp = new HashMap<>();
  private final Map<MacAddress, Lease> byMac = new HashMap<>();
  private final Map<Integer, Instant> quarantined = new HashMap<>();
  private long cursor = -1;

  @Override
  public boolean answersWithoutWaiting() {
    return true;
  }

  @Override
  public synchronized Optional<Lease> byMac(MacAddress mac) {
    return Optional.ofNullable(byMac.get(mac));
  }

  @Override
  public synchronized Optional<Lease> byIp(Inet4Address ip) {
    return Optional.ofNullable(byIp.get(Ipv4.toInt(ip)));
  }

  @Override
  public synchronized boolean claim(Lease lease, Instant now) {
    int key = Ipv4.toInt(lease.ip());
    Lease current = byIp.get(key);
    if (current != null && !current.heldBy(lease.mac()) && current.activeAt(now)) {
      return false;
    }
    if (isQuarantined(key, now)) {
      return false;
    }
    Lease previous = byMac.get(lease.mac());
    if (previous != null && !previous.ip().equals(lease.ip())) {
      byIp.remove(Ipv4.toInt(previous.ip()));
    }
    if (current != null && !current.heldBy(lease.mac())) {
      byMac.remove(current.mac());
    }
    byIp.put(key, lease);
    byMac.put(lease.mac(), lease);
    return true;
  }

  @Override
  public synchronized Optional<Inet4Address> findFree(
      Inet4Address first, Inet4Address last, Instant now, Predicate<Inet4Address> excluded) {
    long lo = Ipv4.unsigned(first);
    long hi = Ipv4.unsigned(last);
    long size = hi - lo + 1;
    // Next-fit from where the last search stopped: a busy pool is not rescanned from its start.
    long start = cursor >= lo && cursor <= hi ? cursor : lo;
    Inet4Address expired = null;
    for (long i = 0; i < size; i++) {
      long v = lo + (start - lo + i) % size;
      int key = (int) v;
      if (isQuarantined(key, now)) {
        continue;
      }
      Lease l = byIp.get(key);
      if (l != null && l.activeAt(now)) {
        continue;
      }
      Inet4Address a = Ipv4.fromInt(key);
      if (excluded.test(a)) {
        continue;
      }
      if (l == null) {
        cursor = v + 1;
        return Optional.of(a);
      }
      if (expired == null) {
        expired = a;
      }
    }
    return Optional.ofNullable(expired);
  }

  @Override
  public synchronized void release(Inet4Address ip, MacAddress mac, Instant now) {
    Lease l = byIp.get(Ipv4.toInt(ip));
    if (l != null && l.heldBy(mac)) {
      Lease ended = new Lease(l.ip(), l.mac(), now, Lease.State.RELEASED);
      byIp.put(Ipv4.toInt(ip), ended);
      byMac.put(mac, ended);
    }
  }

  @Override
  public synchronized void quarantine(Inet4Address ip, Instant until) {
    int key = Ipv4.toInt(ip);
    Lease l = byIp.remove(key);
    if (l != null) {
      byMac.remove(l.mac());
    }
    quarantined.put(key, until);
  }

  @Override
  public synchronized List<Lease> all() {
    return new ArrayList<>(byIp.values());
  }

  @Override
  public synchronized long countActive(Instant now) {
    return byIp.values().stream().filter(l -> l.activeAt(now)).count();
  }

  private boolean isQuarantined(int key, Instant now) {
    Instant until = quarantined.get(key);
    if (until == null) {
      return false;
    }
    if (!until.isAfter(now)) {
      quarantined.remove(key);
      return false;
    }
    return true;
  }
}
