package dev.bootkeeper.inventory;

import dev.bootkeeper.boot.DhcpOptionSpec;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.store.Host;
import dev.bootkeeper.store.Profile;
import dev.bootkeeper.store.StoreChanges;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Hosts: creating and replacing their configuration, bulk imports, assigning profiles and one-shot
 * next boots, adopting machines that were only seen booting.
 */
@ApplicationScoped
public class HostService {

  /** The host as saved, and whether the save created it. */
  public record Saved(HostData host, boolean created) {}

  public record ImportCount(int created, int updated) {}

  /**
   * One line of a CSV import: its line number in the file and its values by lower-case column name.
   * A column left out keeps the host's current value.
   */
  public record CsvLine(int number, Map<String, String> values) {}

  /** One page of the hosts the filter lets through, by MAC, and how many there are in all. */
  public record Found(List<HostData> items, long total) {}

  /** At most this many MACs are named in one audit entry of a bulk change. */
  static final int MACS_NAMED = 20;

  private final AuditLog audit;

  public HostService(AuditLog audit) {
    this.audit = audit;
  }

  @Transactional
  public Found search(HostFilter filter, int page, int size) {
    Parameters params = new Parameters();
    PanacheQuery<Host> query =
        Host.find("from Host h" + filter.where(params), Sort.by("mac"), params);
    return new Found(
        query.page(Page.of(page, size)).list().stream().map(HostMapper::toData).toList(),
        query.count());
  }

  @Transactional
  public HostData get(String mac) {
    return HostMapper.toData(existing(Fields.mac(mac)));
  }

  @Transactional
  public Optional<HostData> find(MacAddress mac) {
    return Host.byMac(mac.colon()).map(HostMapper::toData);
  }

  /** Creates the host, or replaces its configuration (fields left out are cleared). */
  @Transactional
  public Saved put(String mac, HostData in) {
    MacAddress m = Fields.mac(mac);
    if (in != null && in.mac() != null && !Fields.mac(in.mac()).equals(m)) {
      throw InventoryException.invalid(
          "the body's mac " + in.mac() + " differs from the path's " + mac);
    }
    return save(m, in);
  }

  /** Adds a host a person typed in; a MAC already known is refused rather than overwritten. */
  @Transactional
  public HostData create(HostData in) {
    if (in == null || in.mac() == null || in.mac().isBlank()) {
      throw InventoryException.invalid("mac is required");
    }
    MacAddress m = Fields.mac(in.mac());
    if (Host.byMac(m.colon()).isPresent()) {
      throw InventoryException.conflict("a host with MAC " + m.colon() + " exists already");
    }
    return save(m, in).host();
  }

  /**
   * Changes what a person sees of a known host on its page (hostname, labels, profile, reserved IP,
   * UUID, notes) and keeps the rest: its one-shot next boot, UEFI chain and DHCP options, set
   * elsewhere. Saving takes a discovered host into the inventory.
   */
  @Transactional
  public HostData edit(String mac, HostData in) {
    HostData current = HostMapper.toData(existing(Fields.mac(mac)));
    return save(
            Fields.mac(mac),
            new HostData(
                current.mac(),
                in.hostname(),
                in.profile(),
                current.nextBootProfile(),
                in.uuid(),
                in.ip(),
                in.labels(),
                in.notes(),
                current.uefiChain(),
                null,
                null,
                null,
                current.dhcpOptions()))
        .host();
  }

  /**
   * Takes a discovered machine into the inventory and names it in the same step: hostname and
   * labels as given (blank keeps them), profile unless that is blank.
   */
  @Transactional
  public HostData adopt(String mac, String profile, String hostname, Map<String, String> labels) {
    HostData current = HostMapper.toData(existing(Fields.mac(mac)));
    return save(
            Fields.mac(mac),
            new HostData(
                current.mac(),
                isBlank(hostname) ? current.hostname() : hostname,
                isBlank(profile) ? current.profile() : profile,
                current.nextBootProfile(),
                current.uuid(),
                current.ip(),
                labels == null || labels.isEmpty() ? current.labels() : labels,
                current.notes(),
                current.uefiChain(),
                null,
                null,
                null,
                current.dhcpOptions()))
        .host();
  }

  @Transactional
  public void delete(String mac) {
    Host h = existing(Fields.mac(mac));
    HostData before = HostMapper.toData(h);
    h.delete();
    audit.record("delete", AuditLog.HOST, h.mac, Changes.between(before, null));
  }

  /** All or nothing: one bad line and nothing is written; the error names the line. */
  @Transactional
  public ImportCount importCsv(List<CsvLine> lines) {
    return importEach(
        lines.size(), i -> "CSV line " + lines.get(i).number(), i -> merged(lines.get(i)));
  }

  /**
   * What a CSV import would do, line by line, without writing anything: each line is checked as the
   * import checks it (against the lines before it, as the import would have written them), and
   * every bad line is reported, not only the first.
   */
  @Transactional
  public List<LinePreview> previewCsv(List<CsvLine> lines) {
    List<LinePreview> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (CsvLine line : lines) {
      String mac = line.values().getOrDefault("mac", "");
      try {
        MacAddress m = Fields.mac(mac);
        mac = m.colon();
        if (!seen.add(m.colon())) {
          throw InventoryException.invalid("MAC " + m.colon() + " appears twice");
        }
        Optional<HostData> before =
            Host.byMac(m.colon()).map(HostMapper::toData).map(HostData::configuration);
        HostData after = merged(line);
        save(m, after);
        Host.flush();
        out.add(
            new LinePreview(
                line.number(),
                m.colon(),
                before.isEmpty() ? "create" : "update",
                before.map(b -> changes(b, after)).orElse(List.of()),
                null));
      } catch (InventoryException e) {
        out.add(new LinePreview(line.number(), mac, "error", List.of(), e.getMessage()));
      }
    }
    QuarkusTransaction.setRollbackOnly();
    return out;
  }

  /**
   * One line of a CSV preview.
   *
   * @param action {@code create}, {@code update} or {@code error}
   * @param changed the fields an update changes
   */
  public record LinePreview(
      int line, String mac, String action, List<String> changed, String error) {}

  private static List<String> changes(HostData before, HostData after) {
    List<String> changed = new ArrayList<>();
    diff(changed, "hostname", before.hostname(), after.hostname());
    diff(changed, "profile", before.profile(), after.profile());
    diff(changed, "nextBootProfile", before.nextBootProfile(), after.nextBootProfile());
    diff(changed, "uuid", before.uuid(), after.uuid());
    diff(changed, "ip", before.ip(), after.ip());
    diff(changed, "labels", before.labels(), after.labels());
    diff(changed, "notes", before.notes(), after.notes());
    return changed;
  }

  private static void diff(List<String> changed, String field, Object before, Object after) {
    Object b = before instanceof String t && t.isBlank() ? null : before;
    Object a = after instanceof String t && t.isBlank() ? null : after;
    if (b instanceof Map<?, ?> m && m.isEmpty()) {
      b = null;
    }
    if (a instanceof Map<?, ?> m && m.isEmpty()) {
      a = null;
    }
    if (!Objects.equals(b, a)) {
      changed.add(field);
    }
  }

  /** Creates or replaces each host; one bad entry and nothing is written. */
  @Transactional
  public ImportCount importHosts(List<HostData> hosts) {
    return importEach(hosts.size(), i -> "hosts[" + i + "]", hosts::get);
  }

  /**
   * Sets one host's profile and one-shot next boot (blank clears them), creating the host if it is
   * not known yet.
   */
  @Transactional
  public HostData assign(String mac, String profile, String nextBoot) {
    MacAddress m = Fields.mac(mac);
    Host h = Host.byMac(m.colon()).orElse(null);
    HostData before = h == null ? null : HostMapper.toData(h);
    if (h == null) {
      h = new Host();
      h.mac = m.colon();
      h.persist();
    }
    h.profile = isBlank(profile) ? null : referenced(profile);
    h.nextBootProfile = isBlank(nextBoot) ? null : referenced(nextBoot);
    h.discovered = false;
    return audited(before, h);
  }

  /**
   * Replaces one host's own DHCP options (checked as the DHCP server reads them), creating the host
   * if it is not known yet.
   */
  @Transactional
  public HostData setDhcpOptions(String mac, List<DhcpOptionSpec> options) {
    MacAddress m = Fields.mac(mac);
    String stored = HostMapper.dhcpOptions(options);
    Host h = Host.byMac(m.colon()).orElse(null);
    HostData before = h == null ? null : HostMapper.toData(h);
    if (h == null) {
      h = new Host();
      h.mac = m.colon();
      h.persist();
    }
    h.dhcpOptions = stored;
    h.discovered = false;
    return audited(before, h);
  }

  /** Takes a discovered machine into the inventory, with a profile unless that is blank. */
  @Transactional
  public HostData adopt(String mac, String profile) {
    Host h = existing(Fields.mac(mac));
    HostData before = HostMapper.toData(h);
    h.discovered = false;
    if (!isBlank(profile)) {
      h.profile = referenced(profile);
    }
    HostData after = HostMapper.toData(h);
    // "discovered" is left out of summaries (sightings flip it): adopting is the action itself.
    audit.record("adopt", AuditLog.HOST, h.mac, Changes.between(before, after));
    return after;
  }

  /** The hosts (colon MACs) boot this profile from now on; returns how many hosts changed. */
  @Transactional
  public int bootProfile(Set<String> macs, String profile) {
    Profile p = referenced(profile);
    StoreChanges.changedBySql(StoreChanges.Area.HOSTS);
    int n =
        Host.update(
            "profile = ?1, discovered = false, updatedAt = ?2 where mac in ?3",
            p,
            OffsetDateTime.now(),
            macs);
    auditBulk(macs, n, "profile -> " + p.name);
    return n;
  }

  /** The hosts (colon MACs) boot this profile once, at their next boot. */
  @Transactional
  public int bootOnce(Set<String> macs, String profile) {
    Profile p = referenced(profile);
    StoreChanges.changedBySql(StoreChanges.Area.HOSTS);
    int n =
        Host.update(
            "nextBootProfile = ?1, updatedAt = ?2 where mac in ?3", p, OffsetDateTime.now(), macs);
    auditBulk(macs, n, "nextBootProfile -> " + p.name);
    return n;
  }

  @Transactional
  public int clearNextBoot(Set<String> macs) {
    StoreChanges.changedBySql(StoreChanges.Area.HOSTS);
    int n =
        Host.update(
            "nextBootProfile = null, updatedAt = ?1 where mac in ?2", OffsetDateTime.now(), macs);
    auditBulk(macs, n, "nextBootProfile -> (none)");
    return n;
  }

  /**
   * One entry for a change made to many hosts by one update: the list of MACs is cut, the count
   * says how many changed.
   */
  private void auditBulk(Set<String> macs, int changed, String what) {
    if (changed == 0) {
      return;
    }
    List<String> sorted = macs.stream().sorted().toList();
    String named = String.join(", ", sorted.subList(0, Math.min(MACS_NAMED, sorted.size())));
    String more =
        sorted.size() > MACS_NAMED ? " and " + (sorted.size() - MACS_NAMED) + " more" : "";
    audit.record(
        "update",
        AuditLog.HOST,
        sorted.size() == 1 ? sorted.get(0) : null,
        what + " for " + changed + " host(s): " + named + more);
  }

  private HostData audited(HostData before, Host h) {
    HostData after = HostMapper.toData(h);
    audit.record(
        before == null ? "create" : "update", AuditLog.HOST, h.mac, Changes.between(before, after));
    return after;
  }

  /** The profile a person chose by name for one or more hosts; runs in the caller's transaction. */
  public static Profile referenced(String name) {
    if (isBlank(name)) {
      throw InventoryException.invalid("choose a profile");
    }
    String n = name.trim();
    return Profile.byName(n)
        .orElseThrow(() -> InventoryException.invalid("no profile named '" + n + "'"));
  }

  private Saved save(MacAddress mac, HostData in) {
    Host h = Host.byMac(mac.colon()).orElse(null);
    HostData before = h == null ? null : HostMapper.toData(h);
    boolean created = h == null;
    if (created) {
      h = new Host();
      h.mac = mac.colon();
    }
    HostMapper.apply(in, h);
    if (created) {
      h.persist();
    }
    return new Saved(audited(before, h), created);
  }

  private ImportCount importEach(
      int count, IntFunction<String> where, IntFunction<HostData> entry) {
    int created = 0;
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < count; i++) {
      try {
        HostData in = entry.apply(i);
        if (in == null || in.mac() == null) {
          throw InventoryException.invalid("mac is required");
        }
        MacAddress mac = Fields.mac(in.mac());
        if (!seen.add(mac.colon())) {
          throw InventoryException.invalid("MAC " + mac.colon() + " appears twice");
        }
        if (save(mac, in).created()) {
          created++;
        }
        // Each host is written at once so that the next one's checks (a reserved IP) see it.
        Host.flush();
      } catch (InventoryException e) {
        throw e.at(where.apply(i));
      }
    }
    return new ImportCount(created, count - created);
  }

  /** The host of a CSV line: its columns over the host's current configuration. */
  private static HostData merged(CsvLine line) {
    Map<String, String> v = line.values();
    MacAddress mac = Fields.mac(v.get("mac"));
    HostData base =
        Host.byMac(mac.colon())
            .map(HostMapper::toData)
            .orElse(
                new HostData(
                    null, null, null, null, null, null, null, null, null, null, null, null));
    return new HostData(
        mac.colon(),
        pick(v, "hostname", base.hostname()),
        pick(v, "profile", base.profile()),
        pick(v, "nextbootprofile", base.nextBootProfile()),
        pick(v, "uuid", base.uuid()),
        pick(v, "ip", base.ip()),
        v.containsKey("labels") ? labels(v.get("labels")) : base.labels(),
        pick(v, "notes", base.notes()),
        pick(v, "uefichain", base.uefiChain()),
        null,
        null,
        null,
        base.dhcpOptions());
  }

  private static String pick(Map<String, String> v, String column, String current) {
    return v.containsKey(column) ? v.get(column) : current;
  }

  /** The CSV's label column: {@code key=value;key=value}. */
  private static Map<String, String> labels(String text) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (text.isBlank()) {
      return labels;
    }
    for (String pair : text.split(";")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw InventoryException.invalid(
            "label '" + pair + "' must be key=value (pairs separated by ';')");
      }
      labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return labels;
  }

  private static Host existing(MacAddress m) {
    return Host.byMac(m.colon())
        .orElseThrow(() -> InventoryException.notFound("no host with MAC " + m.colon()));
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
