package io.themachine.audio.internal.cuda;

import io.themachine.audio.internal.cpu.KWeighting;

/**
 * The K-weighting cascade's coefficients {@code {b0, b1, b2, a1, a2, c1, c2}} as the kernel takes
 * them: ITU-R BS.1770-4 Annex 1 pre-filter (high shelf) and RLB high-pass (numerator 1, -2, 1, not
 * normalised), designed for any rate by the bilinear transform with libebur128 1.2.6's analogue
 * constants; at 48 kHz this is the Recommendation's table. The design is the CPU kernels' own
 * ({@link KWeighting}), laid out as the kernel's constant array.
 */
public final class KCoefficients {
  private KCoefficients() {}

  public static double[] forRate(int sampleRate) {
    KWeighting w = KWeighting.forRate(sampleRate);
    return new double[] {w.b0(), w.b1(), w.b2(), w.a1(), w.a2(), w.c1(), w.c2()};
  }
}
