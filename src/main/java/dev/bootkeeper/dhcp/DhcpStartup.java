package dev.bootkeeper.dhcp;

import dev.bootkeeper.background.ThreadNice;
import dev.bootkeeper.boot.BootEventSink;
import dev.bootkeeper.boot.BootPolicy;
import dev.bootkeeper.boot.BootkeeperConfig;
import dev.bootkeeper.boot.ClientDirectory;
import dev.bootkeeper.boot.ServerIdentity;
import dev.bootkeeper.store.StoreChanged;
import dev.bootkeeper.store.StoreChanges;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Runs the DHCP server: starts it at boot with the stored mode and networks when there are any (the
 * configuration file's otherwise), changes them at run time ({@link #change}) and stops it at
 * shutdown. A change stored by another appliance on the same database is applied here as soon as
 * the store says settings changed ({@link #storeChanged}). Leases live in the application's {@link
 * LeaseStore}.
 */
@ApplicationScoped
public class DhcpStartup {

  private static final Logger LOG = Logger.getLogger(DhcpStartup.class);

  /** Where the running mode and networks came from. */
  public enum Source {
    CONFIGURATION,
    STORED
  }

  private final DhcpServer server;
  private final DhcpConfig config;
  private final ServerIdentity identity;
  private final BootkeeperConfig appConfig;
  private final DhcpNetworkStore store;
  private final BootPolicy policy;
  private final LeaseStore leases;
  private volatile DhcpNetwork network;
  private volatile Source source = Source.CONFIGURATION;

  /** The refusal of the DHCP threads' priority is logged once. */
  private boolean niceRefusedSaid;

  private final TransactionSynchronizationRegistry transactions;

  /** Local changes whose transaction has not ended yet (see {@link #storeChanged}). */
  private final AtomicInteger localChangesOpen = new AtomicInteger();

  public DhcpStartup(
      DhcpConfig config,
      BootkeeperConfig appConfig,
      ServerIdentity identity,
      BootPolicy policy,
      LeaseStore leases,
      ClientDirectory directory,
      BootEventSink sink,
      DhcpNetworkStore store,
      TransactionSynchronizationRegistry transactions) {
    this.transactions = transactions;
    this.config = config;
    this.appConfig = appConfig;
    this.identity = identity;
    this.store = store;
    this.policy = policy;
    // Injected, not looked up: a store that does not resolve fails the build, where a fallback to
    // memory once ran a build with a WARN line only and leases that did not survive a restart.
    this.leases = leases;
    this.server = new DhcpServer(policy, leases, directory, sink, Clock.systemUTC());
  }

  void start(@Observes StartupEvent ev) {
    DhcpNetwork chosen = fromStore();
    if (chosen != null) {
      LOG.infof(
          "DHCP mode and networks from the stored settings (they override bootkeeper.dhcp.*)");
    }
    if (chosen == null) {
      chosen = DhcpSettingsResolver.network(config);
    }
    network = chosen;
    if (chosen.mode() == DhcpMode.OFF) {
      return;
    }
    DhcpSettings settings = base().withNetwork(chosen);
    DhcpWarmUp.Result warm = DhcpWarmUp.run(settings, policy, leases);
    if (warm.exchanges() > 0) {
      LOG.infof(
          "DHCP warm-up: %d synthetic exchanges (%d answered), %d lease claims rehearsed, in %d ms",
          warm.exchanges(), warm.answered(), warm.claimsRehearsed(), warm.took().toMillis());
    }
    apply(settings);
  }

  /**
   * Runs the server with {@code settings}, its threads ahead of the rest (see {@link
   * #favourServerThreads}).
   */
  private void apply(DhcpSettings settings) {
    server.apply(settings);
    if (settings.mode() != DhcpMode.OFF) {
      favourServerThreads();
    }
  }

  /**
   * Gives the DHCP server's threads {@code bootkeeper.dhcp.thread-nice}. In the first seconds of a
   * boot storm that starts with the appliance, the JIT compiles what the storm runs (the database's
   * store path above all: 7-8 s of compiler time in the first 10 s of 2,000 exchanges a second, on
   * 2 cores), and the DHCP threads waited behind it: DISCOVER to OFFER averaged 11-34 ms over those
   * 10 s, 3-8 ms with the DHCP threads at nice -5. A DHCP exchange is a few packets of little work,
   * so the favour costs the rest little; the compilers and the other servers keep their priority
   * (an HTTP load that fills the CPU needs the compiler to finish: lowering the compilers instead
   * halved a fresh appliance's small-file requests per second).
   */
  private void favourServerThreads() {
    int nice = config.threadNice();
    if (nice == 0 || !ThreadNice.supported()) {
      return;
    }
    try {
      List<ThreadNice.Task> set = ThreadNice.set(DhcpServer::isServerThread, nice);
      LOG.infof("DHCP threads at nice %d: %d", nice, set.size());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bootkeeper.dhcp.thread-nice: " + e.getMessage(), e);
    } catch (IOException e) {
      if (!niceRefusedSaid) {
        niceRefusedSaid = true;
        LOG.infof(
            "DHCP threads keep the common priority: nice %d was refused (%s); it needs root or"
                + " CAP_SYS_NICE (bootkeeper.dhcp.thread-nice=0 says this is wanted)",
            nice, e.getMessage());
      }
    }
  }

  /** The stored mode and networks, or null when none are stored or they no longer hold. */
  private DhcpNetwork fromStore() {
    try {
      DhcpNetworkStore.Stored stored = store.load();
      if (stored.isEmpty()) {
        return null;
      }
      // A value that is not stored comes from the configuration file.
      DhcpNetwork fromConfig =
          stored.mode().isEmpty()
                  || stored.subnets().isEmpty()
                  || stored.vendorBootFiles().isEmpty()
              ? DhcpSettingsResolver.network(config)
              : null;
      String mode = stored.mode().orElseGet(() -> fromConfig.mode().name());
      List<DhcpNetwork.SubnetSpec> subnets = stored.subnets().orElseGet(() -> fromConfig.specs());
      List<VendorBootFile> vendors =
          stored.vendorBootFiles().orElseGet(() -> fromConfig.vendorBootFiles());
      DhcpNetwork n =
          DhcpNetwork.parse(mode, subnets, vendors, base().serverAddress(), config.leaseTime());
      source = Source.STORED;
      return n;
    } catch (IllegalArgumentException e) {
      LOG.errorf(
          "the stored DHCP settings (%s, %s) are not usable, using bootkeeper.dhcp.* instead: %s",
          DhcpNetworkStore.MODE + ", " + DhcpNetworkStore.SUBNETS,
          DhcpNetworkStore.VENDOR_BOOT_FILES,
          e.getMessage());
      return null;
    }
  }

  /**
   * Stores and applies a new mode and networks, without a restart. The caller's transaction holds
   * the stored values: when the server cannot start with them this throws, the caller rolls back,
   * and the previous settings run again.
   *
   * @throws DhcpBindException when a port cannot be bound
   */
  public synchronized void change(DhcpNetwork next) {
    holdStoreChangesUntilCommitted();
    store.save(next);
    DhcpNetwork previous = network;
    try {
      apply(base().withNetwork(next));
    } catch (RuntimeException e) {
      LOG.errorf("cannot run DHCP with the new settings, going back: %s", e.getMessage());
      try {
        if (previous != null && previous.mode() != DhcpMode.OFF) {
          apply(base().withNetwork(previous));
        }
      } catch (RuntimeException again) {
        LOG.errorf("the previous DHCP settings do not start either: %s", again.getMessage());
      }
      throw e;
    }
    network = next;
    source = Source.STORED;
  }

  /**
   * Settings changed in the store, here or on another appliance: when the stored mode, networks or
   * vendor boot files are no longer the ones running, the server switches to them, as {@link
   * #change} does on the node where they were made. A change this node made itself reads back equal
   * and does nothing.
   */
  synchronized void storeChanged(@Observes StoreChanged event) {
    if (event.area() != StoreChanges.Area.PROFILES || network == null) {
      return;
    }
    if (localChangesOpen.get() > 0) {
      // A change made here is running but not committed: the store still holds what it
      // replaced, and applying that would undo it until the commit's own notice arrives. That
      // notice comes, and then the store is read again (with anything another node changed).
      return;
    }
    DhcpNetwork stored = fromStore();
    if (stored == null || sameAs(stored, network)) {
      return;
    }
    DhcpNetwork previous = network;
    try {
      apply(base().withNetwork(stored));
      network = stored;
      LOG.infof(
          "DHCP settings changed in the store (mode %s, %d subnet(s)): applied without a restart",
          stored.mode(), stored.subnets().size());
    } catch (RuntimeException e) {
      LOG.errorf("cannot run DHCP with the settings changed in the store: %s", e.getMessage());
      try {
        if (previous.mode() != DhcpMode.OFF) {
          apply(base().withNetwork(previous));
        }
      } catch (RuntimeException again) {
        LOG.errorf("the previous DHCP settings do not start either: %s", again.getMessage());
      }
    }
  }

  /**
   * Counts the caller's transaction as an open local change until it ends, committed or not (then
   * the store is read again: {@link #recheckStore}). Without a transaction (nothing to wait for)
   * nothing is counted.
   */
  private void holdStoreChangesUntilCommitted() {
    if (transactions.getTransactionKey() == null) {
      return;
    }
    localChangesOpen.incrementAndGet();
    try {
      transactions.registerInterposedSynchronization(
          new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
              localChangesOpen.decrementAndGet();
              if (status != Status.STATUS_COMMITTED) {
                recheckStore();
              }
            }
          });
    } catch (RuntimeException e) {
      localChangesOpen.decrementAndGet();
      throw e;
    }
  }

  /**
   * A local change rolled back: the server runs settings the store does not hold, and a notice
   * skipped meanwhile ({@link #storeChanged}) will not come again. The store is read once more, off
   * the ending transaction's thread.
   */
  private void recheckStore() {
    Thread t =
        new Thread(
            () -> storeChanged(new StoreChanged(StoreChanges.Area.PROFILES)),
            "dhcp-settings-recheck");
    t.setDaemon(true);
    t.start();
  }

  /** Compared as stored: options hold their encoded bytes, which records compare by identity. */
  private static boolean sameAs(DhcpNetwork a, DhcpNetwork b) {
    return a.mode() == b.mode()
        && a.specs().equals(b.specs())
        && a.vendorBootFiles().equals(b.vendorBootFiles());
  }

  /** Sockets, server address and timers from the configuration, with mode off. */
  public DhcpSettings base() {
    return DhcpSettingsResolver.base(
        config, identity.address(), appConfig.serverAddress().isPresent());
  }

  void stop(@Observes ShutdownEvent ev) {
    server.stop();
  }

  /** The running server: the API reads its state. */
  public DhcpServer server() {
    return server;
  }

  public DhcpConfig config() {
    return config;
  }

  /** The mode and networks in force (the server is stopped when the mode is off). */
  public DhcpNetwork network() {
    return network == null ? DhcpSettingsResolver.network(config) : network;
  }

  public Source source() {
    return source;
  }
}
