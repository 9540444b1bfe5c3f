package io.themachine.audio.internal.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FrameStats} on the Vector API. Lanes are samples; the sum ends with the lanes added in a
 * fixed order (reduceLanes leaves it unspecified, so the interpreted and the compiled kernel could
 * round differently).
 */
final class VectorFrameStats implements FrameStats {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(S.length() * 32));

  private final double[] lanes = new double[S.length()];

  VectorFrameStats() {
    if (8 % S.length() != 0) throw new IllegalStateException("species " + S + " does not divide 8");
  }

  private double sum(DoubleVector v) {
    v.intoArray(lanes, 0);
    double s = 0;
    for (int i = 0; i < lanes.length; i++) s += lanes[i];
    return s;
  }

  @Override
  public void timeStats(double[] x, int n, double threshold, double[] out) {
    int l = S.length();
    double t = -threshold;
    int crossings = 0;
    DoubleVector ss = DoubleVector.zero(S);
    int j = 1;
    // (not VectorMask.toLong() and bit tricks: in the full test suite's JVM that variant left the
    // loudness kernels' compiled loops boxing vectors, tens of MB per normalized minute)
    for (; j + l <= n; j += l) {
      DoubleVector a = DoubleVector.fromArray(S, x, j);
      crossings += l - a.lt(t).eq(DoubleVector.fromArray(S, x, j - 1).lt(t)).trueCount();
      ss = a.fma(a, ss);
    }
    double s = n > 0 ? x[0] * x[0] + sum(ss) : 0.0;
    for (; j < n; j++) {
      crossings += (x[j] < t) != (x[j - 1] < t) ? 1 : 0;
      s += x[j] * x[j];
    }
    out[0] = crossings;
    out[1] = s;
  }

  @Override
  public void timeStats(float[] x, int off, int n, double threshold, double[] out) {
    int l = S.length();
    double t = -threshold;
    int crossings = 0;
    DoubleVector ss = DoubleVector.zero(S);
    int j = 1;
    for (; j + l <= n; j += l) {
      DoubleVector a = widen(x, off + j);
      crossings += l - a.lt(t).eq(widen(x, off + j - 1).lt(t)).trueCount();
      ss = a.fma(a, ss);
    }
    double s = n > 0 ? (double) x[off] * x[off] + sum(ss) : 0.0;
    for (; j < n; j++) {
      double v = x[off + j], u = x[off + j - 1];
      crossings += (v < t) != (u < t) ? 1 : 0;
      s += v * v;
    }
    out[0] = crossings;
    out[1] = s;
  }

  private static DoubleVector widen(float[] x, int i) {
    return (DoubleVector) FloatVector.fromArray(F, x, i).convertShape(VectorOperators.F2D, S, 0);
  }
}
