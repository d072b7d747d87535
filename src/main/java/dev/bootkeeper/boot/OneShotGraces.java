package dev.bootkeeper.boot;

import dev.bootkeeper.store.Profile;
import dev.bootkeeper.store.StoreChanges;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The one-shot graces of every appliance on the database (table {@code one_shot_grace}): a machine
 * whose one-shot next boot was used up on one node keeps getting that profile from every node until
 * the grace ends ({@link BootService#ONE_SHOT_GRACE}).
 *
 * <p>Read without a query per request: the graces in force are kept, and read again only when the
 * hosts change ({@link StoreChanges}), which a grace always comes with: it starts in the
 * transaction that clears the host's next boot, and its early end says so itself.
 */
@ApplicationScoped
public class OneShotGraces {

  /** A grace in force: the profile the machine keeps getting, and until when. */
  public record Grace(ProfileSpec profile, Instant until) {}

  private final DataSource db;
  private volatile long readAt = Long.MIN_VALUE;
  private volatile Map<MacAddress, Grace> inForce = Map.of();

  public OneShotGraces(DataSource db) {
    this.db = db;
  }

  /** Starts (or extends) a grace, in the caller's transaction. */
  void begin(MacAddress mac, ProfileSpec profile, Instant until) {
    try (Connection c = db.getConnection()) {
      try (PreparedStatement d = c.prepareStatement("DELETE FROM one_shot_grace WHERE mac = ?")) {
        d.setString(1, mac.colon());
        d.executeUpdate();
      }
      try (PreparedStatement i =
          c.prepareStatement(
              "INSERT INTO one_shot_grace (mac, profile_name, until_at) VALUES (?, ?, ?)")) {
        i.setString(1, mac.colon());
        i.setString(2, profile.name());
        i.setTimestamp(3, Timestamp.from(until));
        i.executeUpdate();
      }
      StoreChanges.changedBySql(StoreChanges.Area.HOSTS);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot share the one-shot grace of " + mac.colon(), e);
    }
  }

  /** Ends a grace early (the boot fetched its last file), in a transaction of its own. */
  void end(MacAddress mac) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              try (Connection c = db.getConnection();
                  PreparedStatement d =
                      c.prepareStatement("DELETE FROM one_shot_grace WHERE mac = ?")) {
                d.setString(1, mac.colon());
                if (d.executeUpdate() > 0) {
                  StoreChanges.changedBySql(StoreChanges.Area.HOSTS);
                }
              } catch (SQLException e) {
                throw new IllegalStateException(
                    "cannot end the one-shot grace of " + mac.colon(), e);
              }
            });
  }

  /** The grace in force for this machine, on any node. Needs the caller's transaction. */
  Optional<Grace> of(MacAddress mac) {
    long version = StoreChanges.version(StoreChanges.Area.HOSTS);
    if (version != readAt) {
      inForce = read();
      readAt = version;
    }
    Grace g = inForce.get(mac);
    return g != null && g.until().isAfter(Instant.now()) ? Optional.of(g) : Optional.empty();
  }

  /**
   * Whether a grace may be in force for this machine, from what is kept alone (no query): true when
   * the kept graces name it, or when the hosts changed since they were read.
   */
  boolean mayBeInForce(MacAddress mac) {
    return readAt != StoreChanges.version(StoreChanges.Area.HOSTS) || inForce.containsKey(mac);
  }

  private Map<MacAddress, Grace> read() {
    Map<MacAddress, Grace> out = new HashMap<>();
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT mac, profile_name, until_at FROM one_shot_grace WHERE until_at > ?")) {
      s.setTimestamp(1, Timestamp.from(Instant.now()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          MacAddress mac = MacAddress.of(rs.getString(1));
          Instant until = rs.getTimestamp(3).toInstant();
          Profile.byName(rs.getString(2))
              .ifPresent(p -> out.put(mac, new Grace(ProfileSpecs.from(p), until)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the one-shot graces", e);
    }
    return Map.copyOf(out);
  }
}
