package io.themachine.audio.separation;

import java.util.Locale;

/**
 * What one {@link ModelSeparation} call did.
 *
 * @param frames       input frames at the model's rate (each stem has as many)
 * @param sampleRate   the model's rate
 * @param chunks       chunks the graph saw (all passes, all shifts)
 * @param calls        forward calls
 * @param passes       passes over the input by the model (2 with {@link ModelOptions.Clip#RESCALE})
 * @param wallSeconds  elapsed time of the call
 * @param cpuSeconds   CPU time of the calling thread (libtorch's worker threads not included)
 */
public record ModelRun(long frames, int sampleRate, long chunks, long calls, int passes, double wallSeconds,
    double cpuSeconds) {

  /** Seconds of audio. */
  public double seconds() {
    return frames / (double) sampleRate;
  }

  /** Audio seconds per wall second (above 1: faster than real time). */
  public double realTimeFactor() {
    return wallSeconds > 0 ? seconds() / wallSeconds : Double.POSITIVE_INFINITY;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "ModelRun[%.1f s of audio, %d chunks in %d calls, %d pass%s, %.2f s, %.1fx real time]",
        seconds(), chunks, calls, passes, passes == 1 ? "" : "es", wallSeconds, realTimeFactor());
  }
}
