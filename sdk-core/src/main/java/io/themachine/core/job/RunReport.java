package io.themachine.core.job;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What a pipeline run did: how many jobs ran, came from the cache, failed or were cancelled, and
 * the failed ones by id.
 */
public record RunReport(UUID runId, int ran, int cached, int failed, int cancelled, List<Job> failures,
    Duration elapsed) {

  public RunReport {
    failures = List.copyOf(failures);
  }

  /** True when no job failed or was cancelled. */
  public boolean ok() {
    return failed == 0 && cancelled == 0;
  }

  /** One line a person reads: {@code 12 jobs: 4 ran, 8 cached, 0 failed in 1.2 s}. */
  public String summary() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%d jobs: %d ran, %d cached, %d failed",
        ran + cached + failed + cancelled, ran, cached, failed));
    if (cancelled > 0) sb.append(", ").append(cancelled).append(" cancelled");
    sb.append(String.format(Locale.ROOT, " in %.1f s", elapsed.toMillis() / 1000.0));
    for (Job j : failures) sb.append("\n  failed: ").append(j.id()).append(' ').append(j.step()).append(": ").append(j.error());
    return sb.toString();
  }

  @Override
  public String toString() {
    return "RunReport[" + summary().lines().findFirst().orElse("") + "]";
  }
}
