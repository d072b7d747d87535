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
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A named recipe for what a machine boots. */
@Entity
public class Profile extends PanacheEntity {

  @Column(unique = true, nullable = false)
  public String name;

  public String description;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public ProfileKind kind;

  /** LINUX: the kernel; CHAIN: the loader to chain. A path under the images dir or a URL. */
  public String kernel;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "profile_initrd", joinColumns = @JoinColumn(name = "profile_id"))
  @OrderColumn(name = "position")
  @Column(name = "path", nullable = false)
  public List<String> initrds = new ArrayList<>();

  public String cmdline;

  @Column(name = "ipxe_script")
  public String ipxeScript;

  @Enumerated(EnumType.STRING)
  @Column(name = "stage3_method")
  public Stage3Method stage3Method;

  @Column(name = "stage3_image")
  public String stage3Image;

  /** The loader chain for x86-64 UEFI machines that boot this profile; null: not chosen here. */
  @Enumerated(EnumType.STRING)
  @Column(name = "uefi_chain")
  public UefiChain uefiChain;

  @Column(name = "template_pxelinux")
  public String templatePxelinux;

  @Column(name = "template_ipxe")
  public String templateIpxe;

  @Column(name = "template_grub")
  public String templateGrub;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "profile_selector", joinColumns = @JoinColumn(name = "profile_id"))
  @MapKeyColumn(name = "label_key")
  @Column(name = "label_value", nullable = false)
  public Map<String, String> selector = new LinkedHashMap<>();

  /** MENU: the names of the profiles it offers, in menu order (none of them a menu). */
  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "profile_menu_entry", joinColumns = @JoinColumn(name = "profile_id"))
  @OrderColumn(name = "position")
  @Column(name = "entry_name", nullable = false)
  public List<String> menuEntries = new ArrayList<>();

  /** MENU: the entry booted when nobody chooses; one of {@link #menuEntries}. */
  @Column(name = "menu_default")
  public String menuDefault;

  /** MENU: seconds the menu waits for a choice; 0 waits until someone chooses. */
  @Column(name = "menu_timeout")
  public Integer menuTimeout;

  @Column(name = "selector_priority", nullable = false)
  public int selectorPriority;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  public OffsetDateTime updatedAt;

  public static Optional<Profile> byName(String name) {
    return find("name", name).firstResultOptional();
  }

  /** The names of the menus that offer the profile of this name, sorted. */
  public static List<String> menusOffering(String name) {
    return getEntityManager()
        .createQuery(
            "select distinct p.name from Profile p join p.menuEntries e where e = :name"
                + " order by p.name",
            String.class)
        .setParameter("name", name)
        .getResultList();
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
