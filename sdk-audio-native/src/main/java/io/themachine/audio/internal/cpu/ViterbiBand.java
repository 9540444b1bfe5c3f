package io.themachine.audio.internal.cpu;

/**
 * The banded max-plus step of pYIN's Viterbi, laid out by offset so the inner loop runs over
 * contiguous target bins: for each offset {@code d} (from {@code +half} down to {@code -half}, so
 * the source index {@code b - d} ascends and strict {@code >} keeps the first maximum, as numpy's
 * argmax does) {@code cand[b] = src[half + b - d] + lt[d][b]}. Sources outside {@code [0, n)} are
 * {@code -inf} padding. {@link #best()} picks the Vector API version when available (same
 * additions, same comparisons, so the same values and indices).
 */
public interface ViterbiBand {
  /**
   * Updates {@code best[0..n)} and {@code arg[0..n)} (source indices, as doubles, offset by
   * {@code srcBase}) with the candidates from one source layer.
   *
   * @param src  source values padded: {@code src[half + i]} is state {@code i}, {@code -inf} outside
   * @param lt   {@code lt[(d + half) n + b]}: log transition from {@code b - d} to {@code b}
   */
  void step(double[] src, double[] lt, int n, int half, int srcBase, double[] best, double[] arg);

  ViterbiBand SCALAR = (src, lt, n, half, srcBase, best, arg) -> {
    for (int d = half; d >= -half; d--) {
      int row = (d + half) * n;
      int s = half - d;
      for (int b = 0; b < n; b++) {
        double c = src[s + b] + lt[row + b];
        if (c > best[b]) {
          best[b] = c;
          arg[b] = srcBase + b - d;
        }
      }
    }
  };

  static ViterbiBand best() {
    return Holder.BEST;
  }

  /** Probed once; never throws. */
  final class Holder {
    private Holder() {}

    static final ViterbiBand BEST = probe();

    private static ViterbiBand probe() {
      try {
        if (!io.themachine.audio.Backend.VECTOR.availability().available()) return SCALAR;
        return (ViterbiBand) Class.forName("io.themachine.audio.internal.cpu.VectorViterbiBand")
            .getDeclaredConstructor().newInstance();
      } catch (Throwable t) {
        return SCALAR;
      }
    }
  }
}
