package dev.bootkeeper.boot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Writes a batch of boot events as one JDBC batch in one transaction. The boot event writer stores
 * 4 events per DHCP exchange in a boot storm; through Hibernate each event was a managed entity
 * flushed at commit, and that bookkeeping cost as much CPU as the lease writer's commits on a cold
 * JVM. Rows are what {@link BootEventRows#toEntity} maps (the entity stays the read model).
 *
 * <p>Each row's id is the next value of {@code boot_event_SEQ}, taken in the insert itself. The
 * sequence steps by 50 for Hibernate's pooled optimizers, which use the ids around a value they
 * drew; a value drawn here is never inside another's block, so rows written here and rows Hibernate
 * writes never collide, whichever optimizer it uses.
 */
final class BootEventInserts {

  private static final String INSERT =
      "INSERT INTO boot_event (id, occurred_at, mac, ip, uuid, protocol, step, step_type, detail,"
          + " outcome, reason, file, bytes, duration_ms, profile, firmware, node)"
          + " VALUES (%s, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final DataSource db;
  private String insert;

  BootEventInserts(DataSource db) {
    this.db = db;
  }

  /** Stores every event or none (the transaction is rolled back on any failure). */
  void insert(List<BootEvent> events) throws SQLException {
    write(events, true);
  }

  /**
   * Runs the insert of {@code events} and rolls it back: the same statement, driver and database
   * code as {@link #insert}, nothing stored. For the warm-up before ready.
   */
  void rehearse(List<BootEvent> events) throws SQLException {
    write(events, false);
  }

  private void write(List<BootEvent> events, boolean keep) throws SQLException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement s = c.prepareStatement(insertFor(c))) {
        for (BootEvent e : events) {
          bind(s, e);
          s.addBatch();
        }
        s.executeBatch();
        if (keep) {
          c.commit();
        } else {
          c.rollback();
        }
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private String insertFor(Connection c) throws SQLException {
    if (insert == null) {
      // PostgreSQL folds the unquoted name to lower case and has no NEXT VALUE FOR; H2 has both
      // spellings only in its compatibility modes.
      boolean postgres =
          c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
      insert =
          String.format(
              INSERT, postgres ? "nextval('boot_event_seq')" : "NEXT VALUE FOR boot_event_SEQ");
    }
    return insert;
  }

  private static void bind(PreparedStatement s, BootEvent event) throws SQLException {
    var row = BootEventRows.toEntity(event);
    s.setObject(1, row.at.withOffsetSameInstant(ZoneOffset.UTC));
    s.setString(2, row.mac);
    s.setString(3, row.ip);
    s.setString(4, row.uuid);
    s.setString(5, row.protocol);
    s.setString(6, row.step);
    s.setString(7, row.stepType);
    s.setString(8, row.detail);
    s.setString(9, row.outcome);
    s.setString(10, row.reason);
    s.setString(11, row.file);
    setLong(s, 12, row.bytes);
    setLong(s, 13, row.durationMs);
    s.setString(14, row.profile);
    s.setString(15, row.firmware);
    s.setString(16, row.node);
  }

  private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.BIGINT);
    } else {
      s.setLong(index, value);
    }
  }
}
