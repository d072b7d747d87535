package dev.bootkeeper.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bootkeeper.store.Profile;
import dev.bootkeeper.store.ProfileVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Keeps every saved state of a profile as a numbered version (a pretty JSON snapshot of its {@link
 * ProfileData}), whether it changed through the API or the dashboard, so any change can be compared
 * and rolled back. Writes run inside the caller's transaction.
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
    ProfileData d = ProfileMapper.toData(p).withoutTimestamps();
    ProfileData bare = d.initrds().isEmpty() ? d.withInitrds(null) : d;
    try {
      return json.writeValueAsString(bare);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write profile snapshot: " + e.getMessage(), e);
    }
  }

  /** Reads a snapshot back into the outside form. */
  public ProfileData read(String snapshot) {
    try {
      return json.readValue(snapshot, ProfileData.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot read profile snapshot: " + e.getMessage(), e);
    }
  }

  /** Every version of the profile, newest first. */
  public List<ProfileVersion> versions(String profileName) {
    return ProfileVersion.of(profileName);
  }

  public ProfileVersion version(String profileName, int version) {
    return ProfileVersion.of(profileName, version)
        .orElseThrow(
            () ->
                InventoryException.notFound(
                    "profile '" + profileName + "' has no version " + version));
  }

  public ProfileVersion latest(String profileName) {
    return ProfileVersion.latest(profileName)
        .orElseThrow(
            () ->
                InventoryException.notFound("profile '" + profileName + "' has no saved versions"));
  }
}
