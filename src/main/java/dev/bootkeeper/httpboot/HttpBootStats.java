package dev.bootkeeper.httpboot;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the machine-facing HTTP server (boot files and rendered scripts, not the API or the
 * dashboard), read by the metrics endpoint. Plain adders: the serving path stays free of metrics
 * code.
 */
@ApplicationScoped
public class HttpBootStats {

  /** Answers by status class: index 0 is "no answer" (the client went away), 1 to 5 are 1xx-5xx. */
  private final LongAdder[] answers = new LongAdder[6];

  private final LongAdder bytes = new LongAdder();

  public HttpBootStats() {
    for (int i = 0; i < answers.length; i++) {
      answers[i] = new LongAdder();
    }
  }

  /** One answered request: its status (0 when none was sent) and the body bytes sent. */
  void record(int status, long bodyBytes) {
    int cls = status / 100;
    answers[cls >= 1 && cls <= 5 ? cls : 0].increment();
    bytes.add(bodyBytes);
  }

  /** Requests answered with a status of class {@code cls} (1 to 5), or with none ({@code 0}). */
  public long answers(int cls) {
    return answers[cls].sum();
  }

  /** Body bytes sent to boot clients. */
  public long bytes() {
    return bytes.sum();
  }
}
