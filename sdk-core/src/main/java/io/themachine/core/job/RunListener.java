package io.themachine.core.job;

import java.util.UUID;

/**
 * Progress of a pipeline run. Called from worker threads; implementations must be thread-safe and
 * quick. Every method has an empty default.
 */
public interface RunListener {
  /** A step begins over {@code units} recordings, groups or the library. */
  default void stepStarted(String step, int units) {}

  /** A job reports progress within its run, 0 to 1. */
  default void progress(String step, UUID job, double fraction) {}

  /** A job ended: done, failed, cancelled or cached. */
  default void jobFinished(Job job) {}

  /** A step ended for every unit. */
  default void stepFinished(String step) {}

  RunListener NONE = new RunListener() {};
}
