package dev.bootkeeper.store;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A machine, known by its MAC address (stored in lower-case colon form). */
@Entity
public class Host extends PanacheEntity {

  @Column(unique = true, nullable = false)
  public String mac;

  public String hostname;

  @ManyToOne(fetch = FetchType.EAGER)
  @JoinColumn(name = "profile_id")
  public Profile profile;

  /** Used for the next boot only, then cleared. */
  @ManyToOne(fetch = FetchType.EAGER)
  @JoinColumn(name = "next_boot_profile_id")
  public Profile nextBootProfile;

  /** Wire-order UUID as pxelinux prints it. */
  public String uuid;

  /** The reserved IPv4 address, if any. */
  public String ip;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "host_label", joinColumns = @JoinColumn(name = "host_id"))
  @MapKeyColumn(name = "label_key")
  @Column(name = "label_value", nullable = false)
  public Map<String, String> labels = new LinkedHashMap<>();

  public String notes;

  /** The loader chain when this machine PXE-boots on x86-64 UEFI; null: decided elsewhere. */
  @Enumerated(EnumType.STRING)
  @Column(name = "uefi_chain")
  public UefiChain uefiChain;

  /** True while nobody has configured this machine: it was only seen booting. */
  @Column(nullable = false)
  public boolean discovered;

  @Column(name = "first_seen")
  public OffsetDateTime firstSeen;

  @Column(name = "last_seen")
  public OffsetDateTime lastSeen;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  public OffsetDateTime updatedAt;

  public static Optional<Host> byMac(String colonMac) {
    return find("mac", colonMac).firstResultOptional();
  }

  @PrePersist
  void onCreate() {
    createdAt = OffsetDateTime.now();
    updatedAt = createdAt;
  }

  @PreUpdate
  void onUpdate() {
    updatedAt = OffsetDateTime.now();
  }
}
