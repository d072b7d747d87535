package dev.bootkeeper.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bootkeeper.store.Profile;
import dev.bootkeeper.store.ProfileVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Keeps every saved state of a profile as a numbered version (a pretty JSON snapshot in the API's
 * own form), whether it changed through the API or the dashboard, so any change can be compared and
 * rolled back. Runs inside the caller's transaction.
 */
@ApplicationScoped
public class ProfileHistory {

  private final ObjectMapper json;

  public ProfileHistory(ObjectMapper json) {
    this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT);
  }

  /**
   * Records the profile's current state as its next version; nothing when it equals the latest.
   *
   * @return the version number now current
   */
  public int record(Profile p, String author) {
    String snapshot = snapshot(p);
    Optional<ProfileVersion> latest = ProfileVersion.latest(p.name);
    if (latest.isPresent() && latest.get().snapshot.equals(snapshot)) {
      return latest.get().version;
    }
    ProfileVersion v = new ProfileVersion();
    v.profileName = p.name;
    v.version = latest.map(l -> l.version + 1).orElse(1);
    v.snapshot = snapshot;
    v.author = author == null || author.isBlank() ? "unknown" : author;
    v.persist();
    return v.version;
  }

  /**
   * Before a profile that has no version yet is changed (it was created before history was kept, or
   * by the first migration), records its current state, so the change can be rolled back.
   */
  public void baseline(Profile p) {
    if (ProfileVersion.latest(p.name).isEmpty()) {
      record(p, "system");
    }
  }

  /** The profile as the API shows it, without its timestamps (they change on every save). */
  public String snapshot(Profile p) {
    ProfileDto d = ProfileMapper.toDto(p);
    ProfileDto bare =
        new ProfileDto(
            d.name(),
            d.description(),
            d.kind(),
            d.kernel(),
            d.initrds() == null || d.initrds().isEmpty() ? null : d.initrds(),
            d.cmdline(),
            d.ipxeScript(),
            d.stage3(),
            d.templates(),
            d.selector(),
            d.selectorPriority(),
            null,
            null);
    try {
      return json.writeValueAsString(bare);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write profile snapshot: " + e.getMessage(), e);
    }
  }

  /** Reads a snapshot back into the API form. */
  public ProfileDto read(String snapshot) {
    try {
      return json.readValue(snapshot, ProfileDto.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot read profile snapshot: " + e.getMessage(), e);
    }
  }
}
