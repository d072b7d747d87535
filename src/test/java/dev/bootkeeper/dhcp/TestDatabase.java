package dev.bootkeeper.dhcp;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.RunScript;

/** A private in-memory H2 database with the lease table, for store tests without Quarkus. */
final class TestDatabase {

  private static final AtomicInteger SEQ = new AtomicInteger();

  private TestDatabase() {}

  static DataSource withLeaseTable() {
    return withLeaseTable("jdbc:h2:mem:leases-" + SEQ.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
  }

  /** The lease table in the database at {@code url}. */
  static DataSource withLeaseTable(String url) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(url);
    try (Connection c = ds.getConnection();
        Reader sql =
            new InputStreamReader(
                TestDatabase.class.getResourceAsStream("/db/migration/V2__dhcp_leases.sql"),
                StandardCharsets.UTF_8)) {
      RunScript.execute(c, sql);
    } catch (SQLException | IOException e) {
      throw new IllegalStateException(e);
    }
    return ds;
  }
}
