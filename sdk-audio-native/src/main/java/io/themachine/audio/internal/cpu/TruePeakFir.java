package io.themachine.audio.internal.cpu;

/**
 * The true-peak interpolator of ITU-R BS.1770-4 Annex 2: 4x oversampling with the Annex's 48-tap
 * FIR as four phases of 12 taps, {@code y_p[n] = sum_k H[p][k] x[n - k]}. The same filter runs at
 * every sample rate (the Annex specifies it for 48 kHz; at 96 and 192 kHz it still oversamples 4x,
 * unlike libebur128 which drops to 2x and 1x there).
 */
public final class TruePeakFir {
  private TruePeakFir() {}

  /** Taps per phase. */
  public static final int TAPS = 12;
  /** Samples of history a phase needs besides the current one. */
  public static final int HISTORY = TAPS - 1;

  /** BS.1770-4 Annex 2, Table 1 (phase 0..3, tap 0..11). */
  public static final double[][] H = {
    {0.0017089843750, 0.0109863281250, -0.0196533203125, 0.0332031250000, -0.0594482421875, 0.1373291015625,
     0.9721679687500, -0.1022949218750, 0.0476074218750, -0.0266113281250, 0.0148925781250, -0.0083007812500},
    {-0.0291748046875, 0.0292968750000, -0.0517578125000, 0.0891113281250, -0.1665039062500, 0.4650878906250,
     0.7797851562500, -0.2003173828125, 0.1015625000000, -0.0582275390625, 0.0330810546875, -0.0189208984375},
    {-0.0189208984375, 0.0330810546875, -0.0582275390625, 0.1015625000000, -0.2003173828125, 0.7797851562500,
     0.4650878906250, -0.1665039062500, 0.0891113281250, -0.0517578125000, 0.0292968750000, -0.0291748046875},
    {-0.0083007812500, 0.0148925781250, -0.0266113281250, 0.0476074218750, -0.1022949218750, 0.9721679687500,
     0.1373291015625, -0.0594482421875, 0.0332031250000, -0.0196533203125, 0.0109863281250, 0.0017089843750}};

  /**
   * An upper bound on |y| / max|x| over the phases: the largest sum of |taps| of a phase (2.02),
   * raised by 1e-9 for rounding. If every input a phase sees is at most {@code a} in magnitude, no
   * output exceeds {@code GAIN_BOUND * a}; the meter skips the FIR for blocks that cannot beat the
   * running maximum, which is exact, not an approximation.
   */
  public static final double GAIN_BOUND = gainBound();

  private static double gainBound() {
    double g = 0;
    for (double[] p : H) {
      double s = 0;
      for (double h : p) s += Math.abs(h);
      g = Math.max(g, s);
    }
    return g * (1 + 1e-9);
  }

  /**
   * Max |y| over the four phases for outputs at {@code d[HISTORY .. HISTORY + n)}, where {@code d}
   * holds the 11 previous samples followed by the new ones, in double. Scalar reference.
   */
  public static double maxAbs(double[] d, int n) {
    return maxAbs(d, HISTORY, HISTORY + n);
  }

  /** Max |y| for outputs at {@code d[from .. to)}, {@code from >= HISTORY}. */
  public static double maxAbs(double[] d, int from, int to) {
    double m = 0.0;
    final double[] h0 = H[0], h1 = H[1], h2 = H[2], h3 = H[3];
    for (int i = from; i < to; i++) {
      double y0 = 0, y1 = 0, y2 = 0, y3 = 0;
      for (int k = 0; k < TAPS; k++) {
        double v = d[i - k];
        y0 += h0[k] * v;
        y1 += h1[k] * v;
        y2 += h2[k] * v;
        y3 += h3[k] * v;
      }
      m = Math.max(m, Math.max(Math.max(Math.abs(y0), Math.abs(y1)), Math.max(Math.abs(y2), Math.abs(y3))));
    }
    return m;
  }

  /** Max |y| of the filter's tail after the last sample: {@code hist} (11 samples) followed by zeros. */
  public static double tailMaxAbs(double[] hist) {
    double[] d = new double[2 * HISTORY];
    System.arraycopy(hist, 0, d, 0, HISTORY);
    return maxAbs(d, HISTORY);
  }
}
