package dev.bootkeeper.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Expected steps of a boot trace ({@code GET /api/v1/events}), matched in order. */
final class Timeline {

  private Timeline() {}

  /**
   * One expected event.
   *
   * @param outcome OK, INFO or FAILED; null for any
   * @param detail text the event's detail contains; null for any
   */
  record Step(String protocol, String step, String outcome, String detail) {
    boolean matches(JsonNode e) {
      return e.path("protocol").asText().equals(protocol)
          && e.path("step").asText().equals(step)
          && (outcome == null || e.path("outcome").asText().equals(outcome))
          && (detail == null || e.path("detail").asText().contains(detail));
    }

    @Override
    public String toString() {
      return protocol
          + " "
          + step
          + (outcome == null ? "" : " " + outcome)
          + (detail == null ? "" : " '" + detail + "'");
    }
  }

  static Step step(String protocol, String step, String outcome) {
    return new Step(protocol, step, outcome, null);
  }

  static Step step(String protocol, String step, String outcome, String detail) {
    return new Step(protocol, step, outcome, detail);
  }

  /**
   * The expected steps that the trace (oldest first) does not show in this order: each step must
   * come after the event that matched the one before it. Empty when all are there.
   */
  static List<String> missing(List<JsonNode> events, List<Step> steps) {
    List<String> missing = new ArrayList<>();
    int at = 0;
    for (Step s : steps) {
      int found = -1;
      for (int i = at; i < events.size(); i++) {
        if (s.matches(events.get(i))) {
          found = i;
          break;
        }
      }
      if (found < 0) {
        missing.add(s.toString());
      } else {
        at = found + 1;
      }
    }
    return missing;
  }
}
