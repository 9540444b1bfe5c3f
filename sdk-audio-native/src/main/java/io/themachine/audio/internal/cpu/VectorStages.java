package io.themachine.audio.internal.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the meter's hot loops. Loaded by name only after the Vector API probe
 * succeeded ({@code Backend.VECTOR.availability()}), so a JVM without {@code jdk.incubator.vector}
 * never touches this class.
 *
 * <ul>
 *   <li>True peak (the cost centre, 48 multiply-adds per sample and channel): time in lanes. Each
 *       lane is one output sample; the 12 shifted input vectors are loaded once and shared by the
 *       four phases, so a vector of outputs costs 12 loads and 48 FMAs.
 *   <li>Sample peak: abs/max over float lanes.
 *   <li>K-filter: the recursion is serial per channel; it stays the scalar two-channel loop here
 *       (channels side by side for latency hiding). Differences from the scalar kernel come only
 *       from FMA rounding in the true-peak sum (below 1e-12 relative).
 * </ul>
 */
final class VectorStages extends LoudnessStages {
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final double[] H0 = TruePeakFir.H[0], H1 = TruePeakFir.H[1], H2 = TruePeakFir.H[2], H3 = TruePeakFir.H[3];

  @Override
  public int laneCount() {
    return LaneKWeighting.D.length();
  }

  @Override
  public int laneMinFrames(int sub) {
    return LaneKWeighting.minFrames(sub);
  }

  @Override
  public void laneEnergies(float[] x, int off, int nSub, int sub, KWeighting k, double w, double[] subE,
      double[] st, int so, double[] tile, double[] accOut) {
    LaneKWeighting.accumulate(x, off, nSub, sub, k, w, subE, st, so, tile, accOut);
  }

  @Override
  public double truePeak(double[] d, int n) {
    final int lanes = D.length();
    final int h = TruePeakFir.HISTORY;
    DoubleVector mx = DoubleVector.zero(D);
    int i = 0;
    for (; i + lanes <= n; i += lanes) {
      int base = h + i;
      DoubleVector y0 = DoubleVector.zero(D), y1 = y0, y2 = y0, y3 = y0;
      for (int k = 0; k < TruePeakFir.TAPS; k++) {
        DoubleVector v = DoubleVector.fromArray(D, d, base - k);
        y0 = v.fma(DoubleVector.broadcast(D, H0[k]), y0);
        y1 = v.fma(DoubleVector.broadcast(D, H1[k]), y1);
        y2 = v.fma(DoubleVector.broadcast(D, H2[k]), y2);
        y3 = v.fma(DoubleVector.broadcast(D, H3[k]), y3);
      }
      mx = mx.max(y0.abs().max(y1.abs())).max(y2.abs().max(y3.abs()));
    }
    double m = mx.reduceLanes(VectorOperators.MAX);
    if (i < n) m = Math.max(m, TruePeakFir.maxAbs(d, h + i, h + n));
    return m;
  }

  @Override
  public void framePeaks(double[] d, int n, double[] out) {
    final int lanes = D.length();
    final int h = TruePeakFir.HISTORY;
    int i = 0;
    for (; i + lanes <= n; i += lanes) {
      int base = h + i;
      DoubleVector y0 = DoubleVector.zero(D), y1 = y0, y2 = y0, y3 = y0;
      for (int k = 0; k < TruePeakFir.TAPS; k++) {
        DoubleVector v = DoubleVector.fromArray(D, d, base - k);
        y0 = v.fma(DoubleVector.broadcast(D, H0[k]), y0);
        y1 = v.fma(DoubleVector.broadcast(D, H1[k]), y1);
        y2 = v.fma(DoubleVector.broadcast(D, H2[k]), y2);
        y3 = v.fma(DoubleVector.broadcast(D, H3[k]), y3);
      }
      y0.abs().max(y1.abs()).max(y2.abs().max(y3.abs())).intoArray(out, i);
    }
    for (; i < n; i++) {
      double y0 = 0, y1 = 0, y2 = 0, y3 = 0;
      for (int k = 0; k < TruePeakFir.TAPS; k++) {
        double v = d[h + i - k];
        y0 += H0[k] * v;
        y1 += H1[k] * v;
        y2 += H2[k] * v;
        y3 += H3[k] * v;
      }
      out[i] = Math.max(Math.max(Math.abs(y0), Math.abs(y1)), Math.max(Math.abs(y2), Math.abs(y3)));
    }
  }

  @Override
  public double samplePeak(float[] x, int off, int n) {
    final int lanes = F.length();
    FloatVector mx = FloatVector.zero(F);
    int i = 0;
    for (; i + lanes <= n; i += lanes) {
      mx = mx.max(FloatVector.fromArray(F, x, off + i).abs());
    }
    double m = mx.reduceLanes(VectorOperators.MAX);
    if (i < n) {
      double t = super.samplePeak(x, off + i, n - i);
      m = (t > m || t != t) ? t : m;
    }
    return m;
  }
}
