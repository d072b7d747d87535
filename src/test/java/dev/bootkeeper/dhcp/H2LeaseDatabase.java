package dev.bootkeeper.dhcp;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.tools.RunScript;

/**
 * The lease table in an H2 file database, opened the way the appliance opens its store ({@code
 * WRITE_DELAY=0}: a commit is on disk when it returns), for the DHCP benchmark outside Quarkus.
 */
final class H2LeaseDatabase {

  private H2LeaseDatabase() {}

  /** The store on {@code path} (H2 adds {@code .mv.db}); creates the table on first use. */
  static JdbcLeaseStore open(String path) throws SQLException, java.io.IOException {
    JdbcConnectionPool db =
        JdbcConnectionPool.create(
            "jdbc:h2:file:" + path + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", "sa", "");
    db.setMaxConnections(32);
    try (Connection c = db.getConnection();
        ResultSet t = c.getMetaData().getTables(null, null, "DHCP_LEASE", null)) {
      if (!t.next()) {
        try (var sql =
            new InputStreamReader(
                H2LeaseDatabase.class.getResourceAsStream("/db/migration/V2__dhcp_leases.sql"),
                StandardCharsets.UTF_8)) {
          RunScript.execute(c, sql);
        }
      }
    }
    return new JdbcLeaseStore(db);
  }

  /**
   * Prints every lease of the database at {@code args[0]} as {@code <mac> <ip>}, one a line: the
   * benchmark compares them with the ACKs it saw after a kill -9.
   */
  public static void main(String[] args) throws Exception {
    for (Lease l : open(args[0]).all()) {
      System.out.println(l.mac().colon() + " " + l.ip().getHostAddress());
    }
  }
}
