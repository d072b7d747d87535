package dev.bootkeeper.store;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One file of an image. Checksums are computed once and kept until size or mtime change. */
@Entity
@Table(name = "image_file")
public class ImageFile extends PanacheEntity {

  @ManyToOne(optional = false)
  @JoinColumn(name = "image_id")
  public Image image;

  /** Path relative to the images directory. */
  @Column(nullable = false)
  public String path;

  @Column(nullable = false)
  public long size;

  @Column(name = "modified_at", nullable = false)
  public OffsetDateTime modifiedAt;

  @Column(nullable = false)
  public String sha256;

  @Column(nullable = false)
  public String sha512;
}
