package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.MacAddress;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.tools.RunScript;

/**
 * DORA through the allocator and the JDBC store on an H2 file database, no network: how many lease
 * commits the store sustains. Arguments: database path, clients, threads.
 */
public final class LeaseStoreBenchMain {

  private LeaseStoreBenchMain() {}

  public static void main(String[] args) throws Exception {
    JdbcConnectionPool db =
        JdbcConnectionPool.create(
            "jdbc:h2:file:" + args[0] + ";WRITE_DELAY=0" + (args.length > 4 ? args[4] : ""),
            "sa",
            "");
    db.setMaxConnections(32);
    try (Connection c = db.getConnection();
        var sql =
            args.length > 3
                ? java.nio.file.Files.newBufferedReader(java.nio.file.Path.of(args[3]))
                : new InputStreamReader(
                    LeaseStoreBenchMain.class.getResourceAsStream(
                        "/db/migration/V2__dhcp_leases.sql"),
                    StandardCharsets.UTF_8)) {
      RunScript.execute(c, sql);
    }
    int clients = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    LeaseAllocator a =
        new LeaseAllocator(
            new JdbcLeaseStore(db),
            Clock.systemUTC(),
            Duration.ofSeconds(60),
            Duration.ofMinutes(10));
    Subnet s =
        Subnet.of(
            "10.0.0.0/8",
            "10.0.0.10-10.255.255.200",
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Duration.ofHours(1));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger ok = new AtomicInteger();
    long cpu0 =
        ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean o
            ? o.getProcessCpuTime()
            : 0;
    long t0 = System.nanoTime();
    for (int i = 0; i < clients; i++) {
      int n = i;
      pool.submit(
          () -> {
            MacAddress m =
                MacAddress.of(
                    String.format(
                        "02:00:%02x:%02x:%02x:%02x",
                        n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255));
            Lease l = a.offer(s, m, Optional.empty(), Optional.empty(), x -> false).orElseThrow();
            if (a.request(s, m, l.ip(), Optional.empty(), x -> false).toCompletableFuture().join()
                instanceof LeaseAllocator.Decision.Ack) {
              ok.incrementAndGet();
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.HOURS);
    double secs = (System.nanoTime() - t0) / 1e9;
    long cpu1 =
        ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean o
            ? o.getProcessCpuTime()
            : 0;
    System.out.printf(
        "%d DORA in %.2f s: %.0f DORA/s, %.0f us CPU per DORA%n",
        ok.get(), secs, ok.get() / secs, (cpu1 - cpu0) / 1e3 / ok.get());
  }
}
