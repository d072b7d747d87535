package dev.bootkeeper.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostRemove;
import jakarta.persistence.PostUpdate;
import java.util.Optional;

/** A run-time setting changed through the API and kept across restarts. */
@Entity
public class Setting extends PanacheEntityBase {

  public static final String DEFAULT_PROFILE = "default-profile";

  @Id public String name;

  @Column(name = "setting_value", nullable = false)
  public String value;

  public static Optional<String> get(String name) {
    return Setting.<Setting>findByIdOptional(name).map(s -> s.value);
  }

  public static void put(String name, String value) {
    Setting s = findById(name);
    if (s == null) {
      s = new Setting();
      s.name = name;
      s.value = value;
      s.persist();
    } else {
      s.value = value;
    }
  }

  /** Cached boot decisions read this entity: tell them (see {@link StoreChanges}). */
  @PostPersist
  @PostUpdate
  @PostRemove
  void changed() {
    StoreChanges.changed(StoreChanges.Area.PROFILES);
  }
}
