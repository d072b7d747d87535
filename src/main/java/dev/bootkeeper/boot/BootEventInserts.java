package dev.bootkeeper.boot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;

/**
 * Writes a batch of boot events as one JDBC batch in one transaction. The boot event writer stores
 * 4 events per DHCP exchange in a boot storm; through Hibernate each event was a managed entity
 * flushed at commit, and that bookkeeping cost as much CPU as the lease writer's commits on a cold
 * JVM. Rows are what {@link BootEventRows#toEntity} maps (the entity stays the read model).
 *
 * <p>Ids come from {@code boot_event_SEQ} the way Hibernate's pooled optimizer takes them (the
 * sequence steps by 50 and a value {@code v} stands for the ids {@code v-49..v}), so rows written
 * here never collide with ids Hibernate hands out from the same sequence.
 */
final class BootEventInserts {

  /** The sequence's increment ({@code CREATE SEQUENCE boot_event_SEQ ... INCREMENT BY 50}). */
  static final int IDS_PER_VALUE = 50;

  private static final String INSERT =
      "INSERT INTO boot_event (id, occurred_at, mac, ip, uuid, protocol, step, step_type, detail,"
          + " outcome, reason, file, bytes, duration_ms, profile, firmware, node)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final DataSource db;
  private String nextValueSql;
  private long nextId;
  private long lastId = -1;

  BootEventInserts(DataSource db) {
    this.db = db;
  }

  /** Stores every event or none (the transaction is rolled back on any failure). */
  void insert(List<BootEvent> events) throws SQLException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement s = c.prepareStatement(INSERT)) {
        for (BootEvent e : events) {
          bind(s, takeId(c), e);
          s.addBatch();
        }
        s.executeBatch();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private long takeId(Connection c) throws SQLException {
    while (nextId > lastId) {
      long value = nextValue(c);
      // Hibernate uses the first value of a fresh sequence (1) as the start of its first block
      // and the next value as that block's end: a value below a whole block is skipped here.
      if (value >= IDS_PER_VALUE) {
        nextId = value - IDS_PER_VALUE + 1;
        lastId = value;
      }
    }
    return nextId++;
  }

  private long nextValue(Connection c) throws SQLException {
    if (nextValueSql == null) {
      // PostgreSQL folds the unquoted name to lower case and has no NEXT VALUE FOR; H2 has both
      // spellings only in its compatibility modes.
      nextValueSql =
          c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")
              ? "SELECT nextval('boot_event_seq')"
              : "SELECT NEXT VALUE FOR boot_event_SEQ";
    }
    try (PreparedStatement s = c.prepareStatement(nextValueSql);
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }

  private static void bind(PreparedStatement s, long id, BootEvent event) throws SQLException {
    var row = BootEventRows.toEntity(event);
    s.setLong(1, id);
    s.setObject(2, row.at.withOffsetSameInstant(ZoneOffset.UTC));
    s.setString(3, row.mac);
    s.setString(4, row.ip);
    s.setString(5, row.uuid);
    s.setString(6, row.protocol);
    s.setString(7, row.step);
    s.setString(8, row.stepType);
    s.setString(9, row.detail);
    s.setString(10, row.outcome);
    s.setString(11, row.reason);
    s.setString(12, row.file);
    setLong(s, 13, row.bytes);
    setLong(s, 14, row.durationMs);
    s.setString(15, row.profile);
    s.setString(16, row.firmware);
    s.setString(17, row.node);
  }

  private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.BIGINT);
    } else {
      s.setLong(index, value);
    }
  }
}
