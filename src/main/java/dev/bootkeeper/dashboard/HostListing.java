package dev.bootkeeper.dashboard;

import dev.bootkeeper.boot.BootDecision;
import dev.bootkeeper.store.Host;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import java.util.List;
import java.util.function.Function;

/**
 * One page of the hosts a {@link HostQuery} matches, in its order, and how many match in all. When
 * the database can do it all (no profile filter, a column it can sort) only the page is read;
 * otherwise every matching host is read and the policy tells which profile each boots.
 */
record HostListing(List<HostRow> rows, long total, int page, int pages) {

  static final int PAGE_SIZE = 50;

  static HostListing of(HostQuery query, int page, Function<Host, BootDecision> planner) {
    if (query.profile().isEmpty() && query.sort().inDatabase()) {
      PanacheQuery<Host> found = found(query);
      long total = found.count();
      int pages = pages(total);
      int current = clamp(page, pages);
      List<HostRow> rows =
          found.page(Page.of(current, PAGE_SIZE)).list().stream()
              .map(h -> HostRow.of(h, planner.apply(h)))
              .toList();
      return new HostListing(rows, total, current, pages);
    }
    List<HostRow> all = all(query, planner);
    int pages = pages(all.size());
    int current = clamp(page, pages);
    int from = current * PAGE_SIZE;
    return new HostListing(
        all.subList(from, Math.min(all.size(), from + PAGE_SIZE)), all.size(), current, pages);
  }

  /** Every host the query matches, in its order: what "select all matching" acts on. */
  static List<HostRow> all(HostQuery query, Function<Host, BootDecision> planner) {
    List<HostRow> rows =
        found(query).list().stream()
            .map(h -> java.util.Map.entry(h, planner.apply(h)))
            .filter(e -> query.matchesProfile(e.getValue()))
            .map(e -> HostRow.of(e.getKey(), e.getValue()))
            .toList();
    return query.sort().inDatabase() ? rows : rows.stream().sorted(query.sort().rows()).toList();
  }

  int first() {
    return total == 0 ? 0 : page * PAGE_SIZE + 1;
  }

  int last() {
    return page * PAGE_SIZE + rows.size();
  }

  private static PanacheQuery<Host> found(HostQuery query) {
    Parameters params = new Parameters();
    String where = query.where(params);
    HostSort order = query.sort().inDatabase() ? query.sort() : HostSort.DEFAULT;
    return Host.find("from Host h" + where, order.jpql(), params);
  }

  private static int pages(long total) {
    return (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
  }

  private static int clamp(int page, int pages) {
    return Math.max(0, Math.min(page, pages - 1));
  }
}
