package io.themachine.audio.internal.cpu;

import io.themachine.audio.Backend;

/**
 * A double-precision dot product over {@code n} values, {@code n} a multiple of {@link #LANES}:
 * the inner loop of the resampler's per-output engine (rates the tile engine,
 * {@link PolyphaseBlocks}, does not take). {@link #best()} picks the Vector API kernel when
 * {@code jdk.incubator.vector} is resolved (found by class name, so a JVM without it never loads
 * it), else the scalar one; the two differ only in summation order (tests bound it).
 */
public interface DotKernel {
  /** Row padding the callers use: 8 doubles, one AVX-512 register. */
  int LANES = 8;

  double dot(double[] h, int hOff, double[] x, int xOff, int n);

  /** The scalar reference. */
  DotKernel SCALAR = (h, ho, x, xo, n) -> {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    // four accumulators: independent add chains
    for (int q = 0; q < n; q += 4) {
      s0 += h[ho + q] * x[xo + q];
      s1 += h[ho + q + 1] * x[xo + q + 1];
      s2 += h[ho + q + 2] * x[xo + q + 2];
      s3 += h[ho + q + 3] * x[xo + q + 3];
    }
    return (s0 + s1) + (s2 + s3);
  };

  static DotKernel best() {
    return Holder.BEST;
  }

  /** Probed once; never throws. */
  final class Holder {
    private Holder() {}

    static final DotKernel BEST = probe();

    private static DotKernel probe() {
      try {
        if (!Backend.VECTOR.availability().available()) return SCALAR;
        return (DotKernel) Class.forName("io.themachine.audio.internal.cpu.VectorDotKernel")
            .getDeclaredConstructor().newInstance();
      } catch (Throwable t) {
        return SCALAR;
      }
    }
  }
}
