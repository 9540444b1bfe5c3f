package io.themachine.audio.internal.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FrameStats} on the Vector API. Lanes are bins (or samples); every sum ends with the lanes
 * added in a fixed order (reduceLanes leaves it unspecified, so the interpreted and the compiled
 * kernel could round differently). The log-sum keeps the scalar kernel's mantissa-and-exponent
 * trick per lane.
 */
final class VectorFrameStats implements FrameStats {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Long> LS = S.withLanes(long.class);
  private static final double LN2 = Math.log(2.0);
  private static final long MANT = 0x000fffffffffffffL;
  private static final long ONE = 0x3ff0000000000000L;

  private final double[] lanes = new double[S.length()];
  private final long[] lanesL = new long[S.length()];


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
  public void magnitude(double[] power, double[] freq, int bins, double amin, double[] mag, double[] out) {
    int l = S.length();
    DoubleVector sum = DoubleVector.zero(S), wsum = DoubleVector.zero(S), amean = DoubleVector.zero(S);
    DoubleVector mant = DoubleVector.broadcast(S, 1.0);
    LongVector exp = LongVector.zero(LS);
    int k = 0, bound = S.loopBound(bins), step = 0;
    for (; k < bound; k += l) {
      DoubleVector p = DoubleVector.fromArray(S, power, k);
      DoubleVector m = p.sqrt();
      m.intoArray(mag, k);
      sum = sum.add(m);
      wsum = DoubleVector.fromArray(S, freq, k).fma(m, wsum);
      DoubleVector v = p.max(amin);
      amean = amean.add(v);
      LongVector bits = v.reinterpretAsLongs();
      exp = exp.add(bits.lanewise(VectorOperators.LSHR, 52).and(0x7ffL).sub(1023L));
      mant = mant.mul(bits.and(MANT).or(ONE).reinterpretAsDoubles());
      if ((++step & 15) == 0) { // 16 factors in [1, 2) per lane: renormalise
        LongVector mb = mant.reinterpretAsLongs();
        exp = exp.add(mb.lanewise(VectorOperators.LSHR, 52).and(0x7ffL).sub(1023L));
        mant = mb.and(MANT).or(ONE).reinterpretAsDoubles();
      }
    }
    double s = sum(sum), ws = sum(wsum), am = sum(amean);
    mant.intoArray(lanes, 0);
    exp.intoArray(lanesL, 0);
    double logSum = 0;
    long e = 0;
    for (int i = 0; i < l; i++) {
      logSum += Math.log(lanes[i]);
      e += lanesL[i];
    }
    for (; k < bins; k++) {
      double p = power[k], m = Math.sqrt(p);
      mag[k] = m;
      s += m;
      ws += freq[k] * m;
      double v = Math.max(amin, p);
      am += v;
      logSum += Math.log(v);
    }
    out[0] = s;
    out[1] = ws;
    out[2] = am;
    out[3] = logSum + e * LN2;
  }

  @Override
  public double spread(double[] mag, double[] freq, int bins, double centre) {
    int l = S.length();
    DoubleVector a = DoubleVector.zero(S), b = DoubleVector.zero(S);
    int k = 0;
    for (; k + 2 * l <= bins; k += 2 * l) {
      DoubleVector d0 = DoubleVector.fromArray(S, freq, k).sub(centre);
      DoubleVector d1 = DoubleVector.fromArray(S, freq, k + l).sub(centre);
      a = DoubleVector.fromArray(S, mag, k).mul(d0).fma(d0, a);
      b = DoubleVector.fromArray(S, mag, k + l).mul(d1).fma(d1, b);
    }
    double s = sum(a.add(b));
    for (; k < bins; k++) {
      double d = freq[k] - centre;
      s += mag[k] * d * d;
    }
    return s;
  }

  @Override
  public void chroma(double[] power, double[] w, int bins, int stride, double[] out) {
    int l = S.length();
    if (stride != 2 * l) { // general stride: one column of lanes at a time, two chains
      for (int c = 0; c < stride; c += l) {
        DoubleVector a = DoubleVector.zero(S), b = DoubleVector.zero(S);
        int k = 0;
        for (; k + 1 < bins; k += 2) {
          a = DoubleVector.fromArray(S, w, k * stride + c).fma(DoubleVector.broadcast(S, power[k]), a);
          b = DoubleVector.fromArray(S, w, (k + 1) * stride + c).fma(DoubleVector.broadcast(S, power[k + 1]), b);
        }
        if (k < bins) a = DoubleVector.fromArray(S, w, k * stride + c).fma(DoubleVector.broadcast(S, power[k]), a);
        a.add(b).intoArray(out, c);
      }
      return;
    }
    // 12 chroma in two columns of 8 (AVX-512): both columns per bin, two bins per step, four chains
    DoubleVector a0 = DoubleVector.zero(S), a1 = DoubleVector.zero(S), b0 = DoubleVector.zero(S), b1 = DoubleVector.zero(S);
    int k = 0;
    for (; k + 1 < bins; k += 2) {
      DoubleVector p = DoubleVector.broadcast(S, power[k]), r = DoubleVector.broadcast(S, power[k + 1]);
      int o = k * stride;
      a0 = DoubleVector.fromArray(S, w, o).fma(p, a0);
      a1 = DoubleVector.fromArray(S, w, o + l).fma(p, a1);
      b0 = DoubleVector.fromArray(S, w, o + stride).fma(r, b0);
      b1 = DoubleVector.fromArray(S, w, o + stride + l).fma(r, b1);
    }
    if (k < bins) {
      DoubleVector p = DoubleVector.broadcast(S, power[k]);
      a0 = DoubleVector.fromArray(S, w, k * stride).fma(p, a0);
      a1 = DoubleVector.fromArray(S, w, k * stride + l).fma(p, a1);
    }
    a0.add(b0).intoArray(out, 0);
    a1.add(b1).intoArray(out, l);
  }

  /**
   * Lane-wise sorted lists, branch free: lane {@code i} of {@code list[r]} is the {@code r}-th
   * smallest of the values that lane has seen (insertion by a min/max network, the lists kept in
   * {@code scratch}); the {@code q} smallest overall are among those {@code lanes q} candidates,
   * which the scalar insertion then selects and adds in the reference's order. A spectrum's bins
   * enter a scalar list often enough (about one in six) that its branches mispredict.
   */
  @Override
  public void timeStats(double[] x, int n, double threshold, double[] out) {
    int l = S.length();
    double t = -threshold;
    int crossings = 0;
    DoubleVector ss = DoubleVector.zero(S);
    int j = 1;
    for (; j + l <= n; j += l) {
      DoubleVector a = DoubleVector.fromArray(S, x, j);
      VectorMask<Double> na = a.lt(t);
      VectorMask<Double> nb = DoubleVector.fromArray(S, x, j - 1).lt(t);
      crossings += l - na.eq(nb).trueCount();
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
}
