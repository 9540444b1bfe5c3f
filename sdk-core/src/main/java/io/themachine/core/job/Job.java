package io.themachine.core.job;

import io.themachine.spi.ArtifactId;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * One run of one extension on one unit (a recording, a call group or the library).
 *
 * @param step    the pipeline step's name
 * @param error   why it failed (never a path), else null
 * @param outputs artifacts it produced (or, when cached, that the earlier run produced)
 */
public record Job(UUID id, String step, String extension, JobState state, Duration elapsed, String error,
    List<ArtifactId> inputs, List<ArtifactId> outputs) {

  @Override
  public String toString() {
    return "Job[" + id + ", " + step + ", " + state.key()
        + (elapsed != null ? ", " + elapsed.toMillis() + " ms" : "")
        + (error != null ? ", " + error : "") + "]";
  }
}
