package dev.bootkeeper.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A DHCP lease row, for reading (API, dashboard). The DHCP server writes the table itself, in short
 * transactions whose constraints arbitrate between concurrent claims (see V2__dhcp_leases.sql).
 */
@Entity
@Table(name = "dhcp_lease")
public class DhcpLease extends PanacheEntityBase {

  public static final String OFFERED = "OFFERED";
  public static final String BOUND = "BOUND";
  public static final String RELEASED = "RELEASED";
  public static final String QUARANTINED = "QUARANTINED";

  /** The address as an unsigned 32-bit number. */
  @Id
  @Column(name = "ip_num")
  public Long ipNum;

  /** The address as a dotted quad. */
  @Column(nullable = false)
  public String ip;

  /** Lower-case colon form; null for a quarantined address. */
  public String mac;

  @Column(nullable = false)
  public String state;

  @Column(name = "expires_at", nullable = false)
  public OffsetDateTime expiresAt;

  @Column(name = "updated_at", nullable = false)
  public OffsetDateTime updatedAt;
}
