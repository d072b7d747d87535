package dev.bootkeeper.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.store.AuditEntry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditRetentionTest {

  @Inject AuditRetention retention;
  @Inject RetentionConfig config;

  private static void insert(String id, OffsetDateTime at) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              AuditEntry e = new AuditEntry();
              e.at = at;
              e.actor = "retention-test";
              e.actorKind = "system";
              e.action = "update";
              e.entityType = "host";
              e.entityId = id;
              e.summary = "-";
              e.persist();
            });
  }

  private static List<String> kept(String prefix) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                AuditEntry.<AuditEntry>find("entityId like ?1 order by id", prefix + "%").stream()
                    .map(e -> e.entityId)
                    .toList());
  }

  @Test
  void theDefaultsAreNinetyDaysAndAMillionEntries() {
    assertEquals(Duration.ofDays(90), config.maxAge());
    assertEquals(1_000_000, config.maxAuditEntries());
  }

  @Test
  void entriesOlderThanTheMaxAgeGoInBatches() {
    String p = "age-" + System.nanoTime() + "-";
    int old = AuditRetention.BATCH + 5;
    for (int i = 0; i < old; i++) {
      insert(p + "old" + i, OffsetDateTime.now().minusDays(91));
    }
    insert(p + "recent", OffsetDateTime.now().minusDays(89));
    long deleted = retention.purge(Duration.ofDays(90), Long.MAX_VALUE);
    assertTrue(deleted >= old, "deleted " + deleted);
    assertEquals(List.of(p + "recent"), kept(p));
  }

  @Test
  void beyondTheMaxCountTheOldestGo() {
    String p = "count-" + System.nanoTime() + "-";
    for (int i = 0; i < 5; i++) {
      insert(p + i, OffsetDateTime.now());
    }
    retention.purge(Duration.ofDays(90), 2);
    assertEquals(List.of(p + 3, p + 4), kept(p));
  }
}
