package dev.bootkeeper.store;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Writes a change of a {@link StoreChanges.Area} into the database, inside the transaction that
 * made it: the area's counter in {@code store_change} moves, and on PostgreSQL a notification on
 * channel {@value #CHANNEL} goes out. PostgreSQL delivers a notification only when its transaction
 * commits, so the other nodes never hear of a change they cannot yet read.
 */
@ApplicationScoped
// Looked up from StoreChanges' transaction callback, never injected: Quarkus would remove it.
@Unremovable
public class ChangeLog {

  /** The PostgreSQL notification channel; the payload is the area's name. */
  public static final String CHANNEL = "bootkeeper_store";

  private final DataSource db;
  private volatile Boolean postgres;

  public ChangeLog(DataSource db) {
    this.db = db;
  }

  /** Called before the writing transaction commits; the data source hands out its connection. */
  void record(StoreChanges.Area area) {
    try (Connection c = db.getConnection()) {
      record(c, area);
    } catch (SQLException e) {
      // Failing the transaction is right: committing a change the other nodes never learn of
      // would leave them serving the old settings until a restart.
      throw new IllegalStateException(
          "cannot record the change of " + area + " for the other nodes: " + e.getMessage(), e);
    }
  }

  /**
   * The same, for a writer that runs its own JDBC transaction on {@code c} (outside JTA): the
   * counter moves and the notification goes out when that transaction commits.
   */
  public void record(Connection c, StoreChanges.Area area) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("UPDATE store_change SET version = version + 1 WHERE area = ?")) {
      s.setString(1, area.name());
      s.executeUpdate();
    }
    if (isPostgres(c)) {
      try (PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
        s.setString(1, CHANNEL);
        s.setString(2, area.name());
        s.execute();
      }
    }
  }

  private boolean isPostgres(Connection c) throws SQLException {
    Boolean known = postgres;
    if (known == null) {
      known = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
      postgres = known;
    }
    return known;
  }
}
