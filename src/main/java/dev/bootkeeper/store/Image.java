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

/** A top-level folder (or file) under the images directory, with its files and checksums. */
@Entity
public class Image extends PanacheEntity {

  @Column(unique = true, nullable = false)
  public String name;

  @Column(name = "scanned_at")
  public OffsetDateTime scannedAt;

  @OneToMany(mappedBy = "image", cascade = CascadeType.ALL, orphanRemoval = true)
  @OrderBy("path")
  public List<ImageFile> files = new ArrayList<>();

  public static Optional<Image> byName(String name) {
    return find("name", name).firstResultOptional();
  }
}
