package dev.bootkeeper.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.Map;

/** A host as the API reads and writes it. The MAC is always returned as aa:bb:cc:dd:ee:ff. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostDto(
    String mac,
    String hostname,
    String profile,
    String nextBootProfile,
    String uuid,
    String ip,
    Map<String, String> labels,
    String notes,
    Boolean discovered,
    OffsetDateTime firstSeen,
    OffsetDateTime lastSeen) {}
