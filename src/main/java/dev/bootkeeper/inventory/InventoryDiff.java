package dev.bootkeeper.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What changed between two exports of one appliance, entry by entry: the list a replace (or its dry
 * run) answers with. Comparing exports rather than the file with the store means an entry counts as
 * updated only when what the appliance keeps differs, whatever the file's spelling.
 */
final class InventoryDiff {

  private InventoryDiff() {}

  static List<InventoryDocument.Change> between(InventoryDocument before, InventoryDocument after) {
    List<InventoryDocument.Change> out = new ArrayList<>();
    compare(out, "profile", before.profiles(), after.profiles(), ProfileData::name);
    compare(out, "host", before.hosts(), after.hosts(), HostData::mac);
    compare(out, "user", before.users(), after.users(), InventoryDocument.User::username);
    compare(out, "token", before.tokens(), after.tokens(), InventoryDocument.Token::name);
    if (!Objects.equals(before.defaultProfile(), after.defaultProfile())) {
      out.add(new InventoryDocument.Change("update", "defaultProfile", after.defaultProfile()));
    }
    return out;
  }

  private static <T> void compare(
      List<InventoryDocument.Change> out,
      String kind,
      List<T> before,
      List<T> after,
      Function<T, String> key) {
    Map<String, T> was = index(before, key);
    Map<String, T> is = index(after, key);
    is.forEach(
        (name, now) -> {
          T then = was.get(name);
          if (then == null) {
            out.add(new InventoryDocument.Change("create", kind, name));
          } else if (!then.equals(now)) {
            out.add(new InventoryDocument.Change("update", kind, name));
          }
        });
    was.keySet().stream()
        .filter(name -> !is.containsKey(name))
        .forEach(name -> out.add(new InventoryDocument.Change("delete", kind, name)));
  }

  private static <T> Map<String, T> index(List<T> items, Function<T, String> key) {
    Map<String, T> m = new LinkedHashMap<>();
    if (items != null) {
      items.forEach(i -> m.put(key.apply(i), i));
    }
    return m;
  }
}
