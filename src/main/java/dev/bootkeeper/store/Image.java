package dev.bootkeeper.store;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A top-level folder (or file) under the images directory, with its files and checksums; or an ISO
 * ({@code name.iso}) read in place, with its volume label and checksum verdict.
 */
@Entity
public class Image extends PanacheEntity {

  @Column(unique = true, nullable = false)
  public String name;

  @Column(name = "scanned_at")
  public OffsetDateTime scannedAt;

  /** For an ISO image: the ISO file's path under the images directory; null for a folder. */
  @Column(name = "iso_file", length = 1024)
  public String isoFile;

  /** The ISO's volume label (SystemRescue's is {@code archisolabel=}). */
  @Column(name = "volume_label", length = 64)
  public String volumeLabel;

  /** Why the ISO is not served (UDF, malformed), in words; null when it is. */
  @Column(name = "iso_problem", length = 1000)
  public String isoProblem;

  /** The verdict of the checksum file beside the ISO: VERIFIED, MISMATCH, NONE or UNREADABLE. */
  @Column(name = "checksum_state", length = 16)
  public String checksumState;

  @Column(name = "checksum_detail", length = 1000)
  public String checksumDetail;

  /** The SHA-256 of the ISO an admin accepted despite a mismatch; void once the ISO changes. */
  @Column(name = "checksum_accepted_sha256", length = 64)
  public String checksumAcceptedSha256;

  @OneToMany(mappedBy = "image", cascade = CascadeType.ALL, orphanRemoval = true)
  @OrderBy("path")
  public List<ImageFile> files = new ArrayList<>();

  public static Optional<Image> byName(String name) {
    return find("name", name).firstResultOptional();
  }
}
