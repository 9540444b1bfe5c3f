package io.themachine.core.job;

import java.util.Locale;

/** Where a job is in its life. */
public enum JobState {
  QUEUED, RUNNING, DONE, FAILED, CANCELLED,
  /** Not run: a finished step with the same key already has outputs. */
  CACHED;

  /** The registry's spelling. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static JobState of(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
