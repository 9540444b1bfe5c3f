package io.themachine.audio.internal.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LT;

/**
 * {@link SpectralBatch} on the Vector API: one lane per frame, each instruction the scalar
 * kernel's operation for every lane (see the class comment there for the order). Loaded by name.
 *
 * <p>Maxima and minima are a compare and a blend, not {@code max()} / {@code min()}: those carry
 * Java's NaN and signed-zero rules, several instructions each on x86 (the contrast network ran 5x
 * slower with them). The values here are finite and never -0.0, where both give the same bits as
 * the scalar kernel's {@code Math.max} / {@code Math.min}.
 */
final class VectorSpectralBatch extends SpectralBatch {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Long> LS = S.withLanes(long.class);

  /** Lanes of the preferred double species. */
  static int lanes() {
    return S.length();
  }

  private static final int REGISTERS = 12;

  private final double[] list; // maxQ x lanes, the network's sorted values

  VectorSpectralBatch(int lanes, double[] freq, double[] chromaWeights, int nChroma, int[] lo, int[] hi, int[] q, double amin,
      double rollPercent) {
    super(lanes, freq, chromaWeights, nChroma, lo, hi, q, amin, rollPercent);
    if (lanes != S.length()) throw new IllegalArgumentException("lanes " + lanes + " != species " + S);
    list = new double[maxQ * lanes];
  }

  @Override
  void magnitudes(double[] power) {
    int L = lanes;
    DoubleVector sum = DoubleVector.zero(S), wsum = DoubleVector.zero(S), amean = DoubleVector.zero(S);
    DoubleVector mant = DoubleVector.broadcast(S, 1.0);
    LongVector exp = LongVector.zero(LS);
    for (int k = 0; k < bins; k++) {
      DoubleVector p = DoubleVector.fromArray(S, power, k * L);
      DoubleVector m = p.sqrt();
      m.intoArray(mag, k * L);
      sum = sum.add(m);
      wsum = m.fma(DoubleVector.broadcast(S, freq[k]), wsum);
      DoubleVector v = p.blend(amin, p.compare(LT, amin));
      amean = amean.add(v);
      LongVector bits = v.reinterpretAsLongs();
      exp = exp.add(bits.lanewise(VectorOperators.LSHR, 52).and(0x7ffL).sub(1023L));
      mant = mant.mul(bits.and(MANT).or(ONE).reinterpretAsDoubles());
      if ((k & 15) == 15) {
        LongVector mb = mant.reinterpretAsLongs();
        exp = exp.add(mb.lanewise(VectorOperators.LSHR, 52).and(0x7ffL).sub(1023L));
        mant = mb.and(MANT).or(ONE).reinterpretAsDoubles();
      }
    }
    sum.intoArray(sums, 0);
    wsum.intoArray(sums, L);
    amean.intoArray(sums, 2 * L);
    mant.intoArray(sums, 3 * L);
    ((DoubleVector) exp.convert(VectorOperators.L2D, 0)).intoArray(sums, 4 * L);
  }

  @Override
  void shape() {
    int L = lanes;
    DoubleVector centroid = DoubleVector.fromArray(S, out, 0);
    DoubleVector norm = DoubleVector.fromArray(S, out, L);
    DoubleVector threshold = DoubleVector.fromArray(S, out, 2 * L);
    DoubleVector spread = DoubleVector.zero(S), cum = DoubleVector.zero(S);
    DoubleVector rolloff = DoubleVector.broadcast(S, freq[bins - 1]);
    VectorMask<Double> found = S.maskAll(false);
    int k = 0;
    for (; k < bins; k++) {
      DoubleVector m = DoubleVector.fromArray(S, mag, k * L);
      DoubleVector d = DoubleVector.broadcast(S, freq[k]).sub(centroid);
      spread = spread.add(m.mul(d).mul(d));
      cum = cum.add(m);
      VectorMask<Double> hit = cum.compare(VectorOperators.GE, threshold).andNot(found);
      rolloff = rolloff.blend(freq[k], hit);
      found = found.or(hit);
      if (found.allTrue()) { k++; break; }
    }
    for (; k < bins; k++) { // every lane has its rolloff: only the spread remains
      DoubleVector m = DoubleVector.fromArray(S, mag, k * L);
      DoubleVector d = DoubleVector.broadcast(S, freq[k]).sub(centroid);
      spread = spread.add(m.mul(d).mul(d));
    }
    spread.div(norm).sqrt().intoArray(out, L);
    rolloff.intoArray(out, 2 * L);
  }

  @Override
  void chromaSums(double[] power) {
    int L = lanes;
    // six chains per pass: enough independent FMAs to fill both units, one load of p per bin
    for (int c = 0; c < chromaRows; c += 6) {
      int o0 = c * bins, o1 = o0 + bins, o2 = o1 + bins, o3 = o2 + bins, o4 = o3 + bins, o5 = o4 + bins;
      DoubleVector a0 = DoubleVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
      for (int k = 0; k < bins; k++) {
        DoubleVector p = DoubleVector.fromArray(S, power, k * L);
        a0 = p.fma(DoubleVector.broadcast(S, chroma[o0 + k]), a0);
        a1 = p.fma(DoubleVector.broadcast(S, chroma[o1 + k]), a1);
        a2 = p.fma(DoubleVector.broadcast(S, chroma[o2 + k]), a2);
        a3 = p.fma(DoubleVector.broadcast(S, chroma[o3 + k]), a3);
        a4 = p.fma(DoubleVector.broadcast(S, chroma[o4 + k]), a4);
        a5 = p.fma(DoubleVector.broadcast(S, chroma[o5 + k]), a5);
      }
      a0.intoArray(out, (4 + c) * L);
      if (c + 1 < nChroma) a1.intoArray(out, (5 + c) * L);
      if (c + 2 < nChroma) a2.intoArray(out, (6 + c) * L);
      if (c + 3 < nChroma) a3.intoArray(out, (7 + c) * L);
      if (c + 4 < nChroma) a4.intoArray(out, (8 + c) * L);
      if (c + 5 < nChroma) a5.intoArray(out, (9 + c) * L);
    }
  }

  @Override
  void contrast() {
    int L = lanes;
    for (int b = 0; b < nBands; b++) {
      int n = q[b];
      if (n == 1) {
        DoubleVector mx = DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY), mn = DoubleVector.broadcast(S, Double.POSITIVE_INFINITY);
        for (int k = lo[b]; k <= hi[b]; k++) {
          DoubleVector x = DoubleVector.fromArray(S, mag, k * L);
          mx = mx.blend(x, x.compare(GT, mx));
          mn = mn.blend(x, x.compare(LT, mn));
        }
        // s = 0 + v; s / 1: the scalar kernel's sum and division, kept for the same bits
        DoubleVector zero = DoubleVector.zero(S);
        zero.add(mx).div(1.0).intoArray(out, (4 + nChroma + b) * L);
        zero.add(mn).div(1.0).intoArray(out, (4 + nChroma + nBands + b) * L);
        continue;
      }
      network(b, n, true);
      sumList(n, (4 + nChroma + b) * L);
      network(b, n, false);
      sumList(n, (4 + nChroma + nBands + b) * L);
    }
  }

  /**
   * The q largest (or smallest) of band {@code b} per lane into {@link #list}, sorted descending
   * (ascending): in registers up to {@value #REGISTERS}, else in {@link #list}, where a bin that beats
   * no lane's current q-th value changes nothing and is skipped.
   */
  private void network(int b, int n, boolean largest) {
    if (n <= REGISTERS) {
      if (largest) largestInRegisters(lo[b], hi[b], n);
      else smallestInRegisters(lo[b], hi[b], n);
      return;
    }
    int L = lanes;
    DoubleVector init = DoubleVector.broadcast(S, largest ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    for (int i = 0; i < n; i++) init.intoArray(list, i * L);
    DoubleVector cut = init;
    int last = (n - 1) * L;
    for (int k = lo[b]; k <= hi[b]; k++) {
      DoubleVector x = DoubleVector.fromArray(S, mag, k * L);
      if (largest) {
        if (!x.compare(GT, cut).anyTrue()) continue;
        for (int i = 0; i < n; i++) {
          DoubleVector t = DoubleVector.fromArray(S, list, i * L);
          VectorMask<Double> m = x.compare(GT, t);
          t.blend(x, m).intoArray(list, i * L);
          x = x.blend(t, m);
        }
      } else {
        if (!x.compare(LT, cut).anyTrue()) continue;
        for (int i = 0; i < n; i++) {
          DoubleVector t = DoubleVector.fromArray(S, list, i * L);
          VectorMask<Double> m = x.compare(LT, t);
          t.blend(x, m).intoArray(list, i * L);
          x = x.blend(t, m);
        }
      }
      cut = DoubleVector.fromArray(S, list, last);
    }
  }

  /** The network of {@link #network} for q <= 12, its list in registers (levels beyond q unused). */
  private void largestInRegisters(int lo, int hi, int n) {
    int L = lanes;
    DoubleVector init = DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY);
    DoubleVector t0 = init; DoubleVector t1 = init; DoubleVector t2 = init; DoubleVector t3 = init; DoubleVector t4 = init; DoubleVector t5 = init; DoubleVector t6 = init; DoubleVector t7 = init; DoubleVector t8 = init; DoubleVector t9 = init; DoubleVector t10 = init; DoubleVector t11 = init;
    for (int k = lo; k <= hi; k++) {
      DoubleVector x = DoubleVector.fromArray(S, mag, k * L), y;
      VectorMask<Double> m;
      m = x.compare(GT, t0); y = x.blend(t0, m); t0 = t0.blend(x, m); x = y;
      if (n == 1) continue;
      m = x.compare(GT, t1); y = x.blend(t1, m); t1 = t1.blend(x, m); x = y;
      if (n == 2) continue;
      m = x.compare(GT, t2); y = x.blend(t2, m); t2 = t2.blend(x, m); x = y;
      if (n == 3) continue;
      m = x.compare(GT, t3); y = x.blend(t3, m); t3 = t3.blend(x, m); x = y;
      if (n == 4) continue;
      m = x.compare(GT, t4); y = x.blend(t4, m); t4 = t4.blend(x, m); x = y;
      if (n == 5) continue;
      m = x.compare(GT, t5); y = x.blend(t5, m); t5 = t5.blend(x, m); x = y;
      if (n == 6) continue;
      m = x.compare(GT, t6); y = x.blend(t6, m); t6 = t6.blend(x, m); x = y;
      if (n == 7) continue;
      m = x.compare(GT, t7); y = x.blend(t7, m); t7 = t7.blend(x, m); x = y;
      if (n == 8) continue;
      m = x.compare(GT, t8); y = x.blend(t8, m); t8 = t8.blend(x, m); x = y;
      if (n == 9) continue;
      m = x.compare(GT, t9); y = x.blend(t9, m); t9 = t9.blend(x, m); x = y;
      if (n == 10) continue;
      m = x.compare(GT, t10); y = x.blend(t10, m); t10 = t10.blend(x, m); x = y;
      if (n == 11) continue;
      m = x.compare(GT, t11); y = x.blend(t11, m); t11 = t11.blend(x, m); x = y;
    }
    t0.intoArray(list, 0 * L);
    if (n > 1) t1.intoArray(list, 1 * L);
    if (n > 2) t2.intoArray(list, 2 * L);
    if (n > 3) t3.intoArray(list, 3 * L);
    if (n > 4) t4.intoArray(list, 4 * L);
    if (n > 5) t5.intoArray(list, 5 * L);
    if (n > 6) t6.intoArray(list, 6 * L);
    if (n > 7) t7.intoArray(list, 7 * L);
    if (n > 8) t8.intoArray(list, 8 * L);
    if (n > 9) t9.intoArray(list, 9 * L);
    if (n > 10) t10.intoArray(list, 10 * L);
    if (n > 11) t11.intoArray(list, 11 * L);
  }

  /** The network of {@link #network} for q <= 12, its list in registers (levels beyond q unused). */
  private void smallestInRegisters(int lo, int hi, int n) {
    int L = lanes;
    DoubleVector init = DoubleVector.broadcast(S, Double.POSITIVE_INFINITY);
    DoubleVector t0 = init; DoubleVector t1 = init; DoubleVector t2 = init; DoubleVector t3 = init; DoubleVector t4 = init; DoubleVector t5 = init; DoubleVector t6 = init; DoubleVector t7 = init; DoubleVector t8 = init; DoubleVector t9 = init; DoubleVector t10 = init; DoubleVector t11 = init;
    for (int k = lo; k <= hi; k++) {
      DoubleVector x = DoubleVector.fromArray(S, mag, k * L), y;
      VectorMask<Double> m;
      m = x.compare(LT, t0); y = x.blend(t0, m); t0 = t0.blend(x, m); x = y;
      if (n == 1) continue;
      m = x.compare(LT, t1); y = x.blend(t1, m); t1 = t1.blend(x, m); x = y;
      if (n == 2) continue;
      m = x.compare(LT, t2); y = x.blend(t2, m); t2 = t2.blend(x, m); x = y;
      if (n == 3) continue;
      m = x.compare(LT, t3); y = x.blend(t3, m); t3 = t3.blend(x, m); x = y;
      if (n == 4) continue;
      m = x.compare(LT, t4); y = x.blend(t4, m); t4 = t4.blend(x, m); x = y;
      if (n == 5) continue;
      m = x.compare(LT, t5); y = x.blend(t5, m); t5 = t5.blend(x, m); x = y;
      if (n == 6) continue;
      m = x.compare(LT, t6); y = x.blend(t6, m); t6 = t6.blend(x, m); x = y;
      if (n == 7) continue;
      m = x.compare(LT, t7); y = x.blend(t7, m); t7 = t7.blend(x, m); x = y;
      if (n == 8) continue;
      m = x.compare(LT, t8); y = x.blend(t8, m); t8 = t8.blend(x, m); x = y;
      if (n == 9) continue;
      m = x.compare(LT, t9); y = x.blend(t9, m); t9 = t9.blend(x, m); x = y;
      if (n == 10) continue;
      m = x.compare(LT, t10); y = x.blend(t10, m); t10 = t10.blend(x, m); x = y;
      if (n == 11) continue;
      m = x.compare(LT, t11); y = x.blend(t11, m); t11 = t11.blend(x, m); x = y;
    }
    t0.intoArray(list, 0 * L);
    if (n > 1) t1.intoArray(list, 1 * L);
    if (n > 2) t2.intoArray(list, 2 * L);
    if (n > 3) t3.intoArray(list, 3 * L);
    if (n > 4) t4.intoArray(list, 4 * L);
    if (n > 5) t5.intoArray(list, 5 * L);
    if (n > 6) t6.intoArray(list, 6 * L);
    if (n > 7) t7.intoArray(list, 7 * L);
    if (n > 8) t8.intoArray(list, 8 * L);
    if (n > 9) t9.intoArray(list, 9 * L);
    if (n > 10) t10.intoArray(list, 10 * L);
    if (n > 11) t11.intoArray(list, 11 * L);
  }

  private void sumList(int n, int at) {
    int L = lanes;
    DoubleVector s = DoubleVector.zero(S);
    for (int i = 0; i < n; i++) s = s.add(DoubleVector.fromArray(S, list, i * L));
    s.div(n).intoArray(out, at);
  }
}
