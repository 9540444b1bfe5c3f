package io.themachine.audio.internal.cpu;

import io.themachine.audio.Backend;

/**
 * The time-domain reductions behind librosa's frame features (zero-crossing rate and RMS) over one
 * frame; the spectral ones are {@link SpectralBatch}. {@link #best()} picks the Vector API kernel when
 * {@code jdk.incubator.vector} is resolved (found by class name), else {@link ScalarFrameStats}.
 * The two differ only in summation order (the contract test bounds it); each is deterministic, so
 * a streamed and a whole-signal run give the same bits.
 */
public interface FrameStats {

  /**
   * Over {@code x[0 .. n)}: {@code out[0]} the number of {@code j >= 1} where exactly one of
   * {@code x[j-1]}, {@code x[j]} is below {@code -threshold}, {@code out[1]} the sum of squares.
   */
  void timeStats(double[] x, int n, double threshold, double[] out);

  /** {@link #timeStats(double[], int, double, double[])} over {@code x[off .. off + n)} as doubles: the same bits, no copy. */
  void timeStats(float[] x, int off, int n, double threshold, double[] out);

  static FrameStats best() {
    return Holder.BEST;
  }

  /** Probed once; never throws. */
  final class Holder {
    private Holder() {}

    static final FrameStats BEST = probe();

    private static FrameStats probe() {
      try {
        if (!Backend.VECTOR.availability().available()) return new ScalarFrameStats();
        return (FrameStats) Class.forName("io.themachine.audio.internal.cpu.VectorFrameStats")
            .getDeclaredConstructor().newInstance();
      } catch (Throwable t) {
        return new ScalarFrameStats();
      }
    }
  }
}
