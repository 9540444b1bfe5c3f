package io.themachine.audio.internal.cpu;

import io.themachine.audio.Backend;

/**
 * The per-frame reductions behind librosa's frame features, over one power spectrum or one
 * time-domain frame: the work after the STFT. {@link #best()} picks the Vector API kernel when
 * {@code jdk.incubator.vector} is resolved (found by class name), else {@link ScalarFrameStats}.
 * The two differ only in summation order (the contract test bounds it); each is deterministic, so
 * a streamed and a whole-signal run give the same bits.
 */
public interface FrameStats {

  /** Row stride of a chroma table for {@link #chroma}: {@code nChroma} rounded up to 8 lanes. */
  static int chromaStride(int nChroma) {
    return Math.ceilDiv(nChroma, 8) * 8;
  }

  /**
   * {@code mag[k] = sqrt(power[k])} and four sums into {@code out}: {@code [0]} sum of
   * {@code mag}, {@code [1]} sum of {@code freq * mag}, {@code [2]} sum of {@code max(amin,
   * power)}, {@code [3]} sum of {@code ln(max(amin, power))} ({@code amin >= 1e-300}, normal).
   */
  void magnitude(double[] power, double[] freq, int bins, double amin, double[] mag, double[] out);

  /** {@code sum_k mag[k] (freq[k] - centre)^2}. */
  double spread(double[] mag, double[] freq, int bins, double centre);

  /**
   * {@code out[c] = sum_k w[k stride + c] power[k]} for {@code c < stride}: a bin-major table,
   * zero-padded to {@link #chromaStride}.
   */
  void chroma(double[] power, double[] w, int bins, int stride, double[] out);

  /**
   * Over {@code x[0 .. n)}: {@code out[0]} the number of {@code j >= 1} where exactly one of
   * {@code x[j-1]}, {@code x[j]} is below {@code -threshold}, {@code out[1]} the sum of squares.
   */
  void timeStats(double[] x, int n, double threshold, double[] out);

  /**
   * The mean of the {@code q} smallest of {@code x[lo .. hi]} ({@code 1 <= q <= hi - lo + 1}),
   * added in ascending order; {@code scratch} holds at least {@code q} doubles. Scalar in every
   * kernel: a lane-wise min/max network measured slower (its compare-blend chain is q deep per
   * vector) than an insertion scan in the direction the spectrum falls.
   */
  default double smallMean(double[] x, int lo, int hi, int q, double[] scratch) {
    return ScalarFrameStats.smallest(x, lo, hi, q, scratch, 0);
  }

  /** The mean of the {@code q} largest of {@code x[lo .. hi]}, added in descending order. */
  default double largeMean(double[] x, int lo, int hi, int q, double[] scratch) {
    return ScalarFrameStats.largest(x, lo, hi, q, scratch, 0);
  }

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
