package dev.bootkeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.dhcp.JdbcLeaseStore;
import dev.bootkeeper.dhcp.Lease;
import dev.bootkeeper.dhcp.LeaseAllocator;
import dev.bootkeeper.dhcp.Subnet;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.io.InputStream;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The lease table's constraints on PostgreSQL: two appliances (two stores, two allocators, each
 * with its own free-address cursor) on one database never give one address to two clients.
 */
class LeaseStorePostgresIT {

  static PostgresServer pg;
  static AgroalDataSource db;

  @BeforeAll
  static void database() throws Exception {
    pg = PostgresServer.start();
    // Pooled like the appliance's own data source (Agroal): a new PostgreSQL backend per
    // statement made one round of this test take 20 s.
    db =
        AgroalDataSource.from(
            new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(
                    pool ->
                        pool.maxSize(16)
                            .connectionFactoryConfiguration(
                                c ->
                                    c.jdbcUrl(pg.jdbcUrl())
                                        .principal(new NamePrincipal("bootkeeper"))
                                        .credential(new SimplePassword("bootkeeper")))));
    String sql;
    try (InputStream in =
        LeaseStorePostgresIT.class.getResourceAsStream("/db/migration/V2__dhcp_leases.sql")) {
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    StringBuilder code = new StringBuilder();
    for (String line : sql.split("\n")) {
      if (!line.strip().startsWith("--")) {
        code.append(line).append('\n');
      }
    }
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      for (String statement : code.toString().split(";")) {
        if (!statement.isBlank()) {
          s.execute(statement);
        }
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (db != null) {
      db.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  @BeforeEach
  void empty() throws Exception {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DELETE FROM dhcp_lease");
    }
  }

  static MacAddress mac(int n) {
    return MacAddress.of(String.format("02:7e:00:00:%02x:%02x", n / 256, n % 256));
  }

  static Subnet subnet(String range) {
    return Subnet.of(
        "198.18.0.0/16", range, Optional.empty(), List.of(), Optional.empty(), Duration.ofHours(1));
  }

  @org.junit.jupiter.api.RepeatedTest(5)
  void twoAppliancesServeManyClientsWithoutSharingAnAddress() throws Exception {
    assertEquals(300, run(subnet("198.18.1.0-198.18.2.143"), 300));
  }

  @org.junit.jupiter.api.RepeatedTest(5)
  void twoAppliancesFightingOverASmallPoolFillItExactlyOnce() throws Exception {
    assertEquals(20, run(subnet("198.18.3.1-198.18.3.20"), 60), "every address once, no more");
  }

  /** Runs DORA for {@code clients} clients on two appliances; returns how many were ACKed. */
  int run(Subnet subnet, int clients) throws Exception {
    List<LeaseAllocator> appliances =
        List.of(
            new LeaseAllocator(
                new JdbcLeaseStore(db),
                Clock.systemUTC(),
                Duration.ofSeconds(60),
                Duration.ofMinutes(10)),
            new LeaseAllocator(
                new JdbcLeaseStore(db),
                Clock.systemUTC(),
                Duration.ofSeconds(60),
                Duration.ofMinutes(10)));
    Map<Inet4Address, MacAddress> acked = new ConcurrentHashMap<>();
    Set<Inet4Address> duplicates = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Boolean>> done = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      int n = i;
      LeaseAllocator a = appliances.get(i % 2);
      done.add(
          pool.submit(
              () -> {
                for (int attempt = 0; attempt < 3; attempt++) {
                  Optional<Lease> offer =
                      a.offer(subnet, mac(n), Optional.empty(), Optional.empty(), x -> false);
                  if (offer.isEmpty()) {
                    continue;
                  }
                  LeaseAllocator.Decision d =
                      a.request(subnet, mac(n), offer.get().ip(), Optional.empty(), x -> false)
                          .toCompletableFuture()
                          .join();
                  if (d instanceof LeaseAllocator.Decision.Ack ack) {
                    MacAddress prev = acked.putIfAbsent(ack.lease().ip(), mac(n));
                    if (prev != null && !prev.equals(mac(n))) {
                      duplicates.add(ack.lease().ip());
                    }
                    return true;
                  }
                }
                return false;
              }));
    }
    int ok = 0;
    for (Future<Boolean> f : done) {
      ok += f.get() ? 1 : 0;
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    assertEquals(Set.of(), duplicates);
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*), COUNT(DISTINCT mac) FROM dhcp_lease WHERE state = 'BOUND'")) {
      rs.next();
      assertEquals(ok, rs.getInt(1), "every ACK is a BOUND row");
      assertEquals(ok, rs.getInt(2));
    }
    for (Inet4Address ip : acked.keySet()) {
      assertTrue(subnet.inRange(ip), Ipv4.unsigned(ip) + " in range");
    }
    return ok;
  }
}
