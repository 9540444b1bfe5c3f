package io.themachine.audio.internal.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BatchRfft} on the Vector API: the scalar {@link ComplexFft} plan's stages and twiddles,
 * each operation applied to a vector of frames. The expressions are written in the scalar code's
 * order so each lane rounds exactly as the per-frame path does. Loaded by name after the probe.
 */
final class VectorBatchRfft implements BatchRfft {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
  private static final double SIN60 = 0.8660254037844386467637;
  private static final double C1 = 0.30901699437494745;
  private static final double C2 = -0.8090169943749475;
  private static final double S1 = 0.9510565162951535;
  private static final double S2 = 0.5877852522924731;

  private final int h;
  private final int[] radix;
  private final int[] twOffset;
  private final double[] twRe;
  private final double[] twIm;
  private final double[] ar, ai; // the packed input
  // the stages ping-pong between two regions (p, q) of one array, their re and im parts 1 KB apart
  // modulo 4 KB: a radix-4 stage reads four inputs h/4 vectors (a multiple of 4 KB) apart from each
  // part, and four separate arrays lined up the same way put all of them in one L1 set
  private final double[] w;
  private final int pRe, pIm, qRe, qIm;
  private final double[] wr, wi;
  // where stages() left the transform
  private double[] resRe, resIm;
  private int resReOff, resImOff;

  VectorBatchRfft(int n, ComplexFft plan) {
    this.h = n / 2;
    this.radix = plan.radices();
    this.twOffset = plan.twiddleOffsets();
    this.twRe = plan.twiddleRe();
    this.twIm = plan.twiddleIm();
    ar = new double[h * L];
    ai = new double[h * L];
    int skew = 128; // doubles: 1 KB
    pRe = 0;
    pIm = h * L + skew;
    qRe = 2 * h * L + 2 * skew;
    qIm = 3 * h * L + 3 * skew;
    w = new double[4 * h * L + 3 * skew];
    int bins = h + 1;
    wr = new double[bins];
    wi = new double[bins];
    for (int k = 0; k < bins; k++) {
      double a = -2.0 * Math.PI * k / n;
      wr[k] = Math.cos(a);
      wi[k] = Math.sin(a);
    }
  }

  @Override public int lanes() { return L; }

  @Override public double[] packedRe() { return ar; }

  @Override public double[] packedIm() { return ai; }


  // two-source selects (vpermt2pd) of an 8 x 8 transpose in three rounds, 8 double lanes only
  private static final DoubleVector T4LO = indexes(0, 1, 2, 3, 8, 9, 10, 11);
  private static final DoubleVector T4HI = indexes(4, 5, 6, 7, 12, 13, 14, 15);
  private static final DoubleVector T2LO = indexes(0, 1, 8, 9, 4, 5, 12, 13);
  private static final DoubleVector T2HI = indexes(2, 3, 10, 11, 6, 7, 14, 15);
  private static final DoubleVector T1LO = indexes(0, 8, 2, 10, 4, 12, 6, 14);
  private static final DoubleVector T1HI = indexes(1, 9, 3, 11, 5, 13, 7, 15);

  private static DoubleVector indexes(int... ix) {
    if (L != 8) return null;
    double[] d = new double[8];
    for (int i = 0; i < 8; i++) d[i] = ix[i];
    return DoubleVector.fromArray(S, d, 0);
  }

  private static DoubleVector row(float[] buf, int at) {
    return (DoubleVector) FloatVector.fromArray(F8, buf, at).convertShape(VectorOperators.F2D, S, 0);
  }

  /**
   * 8 frames x 8 samples per step: eight contiguous loads (float to double), transposed in
   * registers, instead of 64 strided scalar loads. Same products as the scalar load.
   */
  @Override
  public boolean loadWindowed(float[] buf, int off, int hop, double[] window) {
    if (L != 8 || h % 4 != 0) return false;
    for (int k0 = 0; k0 < h; k0 += 4) {
      int b = off + 2 * k0;
      DoubleVector r0 = row(buf, b), r1 = row(buf, b + hop), r2 = row(buf, b + 2 * hop), r3 = row(buf, b + 3 * hop);
      DoubleVector r4 = row(buf, b + 4 * hop), r5 = row(buf, b + 5 * hop), r6 = row(buf, b + 6 * hop), r7 = row(buf, b + 7 * hop);
      DoubleVector a0 = T4LO.selectFrom(r0, r4), b0 = T4HI.selectFrom(r0, r4);
      DoubleVector a1 = T4LO.selectFrom(r1, r5), b1 = T4HI.selectFrom(r1, r5);
      DoubleVector a2 = T4LO.selectFrom(r2, r6), b2 = T4HI.selectFrom(r2, r6);
      DoubleVector a3 = T4LO.selectFrom(r3, r7), b3 = T4HI.selectFrom(r3, r7);
      DoubleVector c0 = T2LO.selectFrom(a0, a2), c1 = T2HI.selectFrom(a0, a2);
      DoubleVector d0 = T2LO.selectFrom(a1, a3), d1 = T2HI.selectFrom(a1, a3);
      DoubleVector c2 = T2LO.selectFrom(b0, b2), c3 = T2HI.selectFrom(b0, b2);
      DoubleVector d2 = T2LO.selectFrom(b1, b3), d3 = T2HI.selectFrom(b1, b3);
      // column i = sample 2 k0 + i of every frame: even columns are re[k0 + i/2], odd ones im
      T1LO.selectFrom(c0, d0).mul(window[2 * k0]).intoArray(ar, k0 * L);
      T1HI.selectFrom(c0, d0).mul(window[2 * k0 + 1]).intoArray(ai, k0 * L);
      T1LO.selectFrom(c1, d1).mul(window[2 * k0 + 2]).intoArray(ar, (k0 + 1) * L);
      T1HI.selectFrom(c1, d1).mul(window[2 * k0 + 3]).intoArray(ai, (k0 + 1) * L);
      T1LO.selectFrom(c2, d2).mul(window[2 * k0 + 4]).intoArray(ar, (k0 + 2) * L);
      T1HI.selectFrom(c2, d2).mul(window[2 * k0 + 5]).intoArray(ai, (k0 + 2) * L);
      T1LO.selectFrom(c3, d3).mul(window[2 * k0 + 6]).intoArray(ar, (k0 + 3) * L);
      T1HI.selectFrom(c3, d3).mul(window[2 * k0 + 7]).intoArray(ai, (k0 + 3) * L);
    }
    return true;
  }

  @Override
  public void forwardSpectrum(double[] re, double[] im) {
    stages();
    double[] xr = resRe, xi = resIm;
    int xro = resReOff, xio = resImOff;
    DoubleVector zero = DoubleVector.zero(S);
    DoubleVector z0r = v(xr, xro), z0i = v(xi, xio);
    z0r.add(z0i).intoArray(re, 0);
    zero.intoArray(im, 0);
    z0r.sub(z0i).intoArray(re, h * L);
    zero.intoArray(im, h * L);
    for (int k = 1; k < h; k++) {
      DoubleVector ar = v(xr, xro + k * L), ai = v(xi, xio + k * L);
      DoubleVector cr = v(xr, xro + (h - k) * L), ci = v(xi, xio + (h - k) * L).neg();
      DoubleVector er = ar.add(cr).mul(0.5), ei = ai.add(ci).mul(0.5);
      DoubleVector dr = ar.sub(cr), di = ai.sub(ci);
      DoubleVector or = di.mul(0.5), oi = dr.mul(-0.5);
      double w0 = wr[k], w1 = wi[k];
      er.add(or.mul(w0)).sub(oi.mul(w1)).intoArray(re, k * L);
      ei.add(or.mul(w1)).add(oi.mul(w0)).intoArray(im, k * L);
    }
  }

  @Override
  public void inverse(double[] re, double[] im, double[] even, double[] odd) {
    DoubleVector zero = DoubleVector.zero(S);
    for (int k = 0; k < h; k++) {
      DoubleVector ar = v(re, k * L), ai = k == 0 ? zero : v(im, k * L);
      DoubleVector cr = v(re, (h - k) * L), ci = k == 0 ? zero : v(im, (h - k) * L).neg();
      DoubleVector er = ar.add(cr).mul(0.5), ei = ai.add(ci).mul(0.5);
      DoubleVector dr = ar.sub(cr).mul(0.5), di = ai.sub(ci).mul(0.5);
      double w0 = wr[k], w1 = -wi[k];
      DoubleVector or = dr.mul(w0).sub(di.mul(w1)), oi = dr.mul(w1).add(di.mul(w0));
      // ComplexFft.inverse: the forward transform with real and imaginary parts swapped
      ei.add(or).intoArray(this.ar, k * L);
      er.sub(oi).intoArray(this.ai, k * L);
    }
    stages();
    double inv = 1.0 / h;
    for (int i = 0; i < h * L; i += L) {
      v(resIm, resImOff + i).mul(inv).intoArray(even, i);
      v(resRe, resReOff + i).mul(inv).intoArray(odd, i);
    }
  }

  /** Runs the stages on the packed input; the result's location goes to resRe/resIm. */
  private void stages() {
    double[] xra = ar, xia = ai;
    int xr = 0, xi = 0, yr = pRe, yi = pIm, zr = qRe, zi = qIm;
    int len = h, s = 1;
    for (int st = 0; st < radix.length; st++) {
      int r = radix[st];
      int m = len / r;
      int o = twOffset[st];
      switch (r) {
        case 4 -> radix4(xra, xr, xia, xi, yr, yi, m, s, o);
        case 2 -> radix2(xra, xr, xia, xi, yr, yi, m, s, o);
        case 3 -> radix3(xra, xr, xia, xi, yr, yi, m, s, o);
        default -> radix5(xra, xr, xia, xi, yr, yi, m, s, o);
      }
      xra = w;
      xia = w;
      xr = yr;
      xi = yi;
      yr = zr;
      yi = zi;
      zr = xr;
      zi = xi;
      len = m;
      s *= r;
    }
    resRe = xra;
    resReOff = xr;
    resIm = xia;
    resImOff = xi;
  }

  @Override
  public void forwardPower(double[] out) {
    stages();
    double[] xr = resRe, xi = resIm;
    int xro = resReOff, xio = resImOff;
    // split the packed spectrum, then |X|^2 (RealFft.forwardPackedPower, lane by lane)
    DoubleVector z0r = DoubleVector.fromArray(S, xr, xro + 0), z0i = DoubleVector.fromArray(S, xi, xio + 0);
    DoubleVector r0 = z0r.add(z0i), rh = z0r.sub(z0i);
    r0.mul(r0).intoArray(out, 0);
    rh.mul(rh).intoArray(out, h * L);
    for (int k = 1; k < h; k++) {
      DoubleVector zr = DoubleVector.fromArray(S, xr, xro + k * L), zi = DoubleVector.fromArray(S, xi, xio + k * L);
      DoubleVector cr = DoubleVector.fromArray(S, xr, xro + (h - k) * L), ci = DoubleVector.fromArray(S, xi, xio + (h - k) * L).neg();
      DoubleVector er = zr.add(cr).mul(0.5), ei = zi.add(ci).mul(0.5);
      DoubleVector or = zi.sub(ci).mul(0.5), oi = zr.sub(cr).mul(-0.5);
      double w0 = wr[k], w1 = wi[k];
      DoubleVector re = er.add(or.mul(w0)).sub(oi.mul(w1));
      DoubleVector im = ei.add(or.mul(w1)).add(oi.mul(w0));
      re.mul(re).add(im.mul(im)).intoArray(out, k * L);
    }
  }

  @Override
  public void applyMel(MelFilterBank bank, double[] power, double[] mel) {
    // two bands at a time: two independent add chains (each band's own order, as the scalar bank)
    int m = 0;
    for (; m + 1 < bank.nMels; m += 2) {
      int st0 = bank.start[m], o0 = bank.offset[m], n0 = bank.length[m];
      int st1 = bank.start[m + 1], o1 = bank.offset[m + 1], n1 = bank.length[m + 1];
      DoubleVector acc0 = DoubleVector.zero(S), acc1 = acc0;
      int both = Math.min(n0, n1), j = 0;
      for (; j < both; j++) {
        acc0 = acc0.add(DoubleVector.fromArray(S, power, (st0 + j) * L).mul(bank.weights[o0 + j]));
        acc1 = acc1.add(DoubleVector.fromArray(S, power, (st1 + j) * L).mul(bank.weights[o1 + j]));
      }
      for (int i = j; i < n0; i++) acc0 = acc0.add(DoubleVector.fromArray(S, power, (st0 + i) * L).mul(bank.weights[o0 + i]));
      for (int i = j; i < n1; i++) acc1 = acc1.add(DoubleVector.fromArray(S, power, (st1 + i) * L).mul(bank.weights[o1 + i]));
      acc0.intoArray(mel, m * L);
      acc1.intoArray(mel, (m + 1) * L);
    }
    for (; m < bank.nMels; m++) {
      int st = bank.start[m], o = bank.offset[m], n = bank.length[m];
      DoubleVector acc = DoubleVector.zero(S);
      for (int j = 0; j < n; j++) acc = acc.add(DoubleVector.fromArray(S, power, (st + j) * L).mul(bank.weights[o + j]));
      acc.intoArray(mel, m * L);
    }
  }

  private static DoubleVector v(double[] a, int i) {
    return DoubleVector.fromArray(S, a, i);
  }

  private void radix4(double[] xra, int xr, double[] xia, int xi, int yr, int yi, int m, int s, int o) {
    int sm = s * m * L;
    for (int p = 0; p < m; p++) {
      int t = o + 3 * p;
      double w1r = twRe[t], w1i = twIm[t], w2r = twRe[t + 1], w2i = twIm[t + 1], w3r = twRe[t + 2], w3i = twIm[t + 2];
      for (int q = 0; q < s; q++) {
        int i0 = (s * p + q) * L;
        DoubleVector a0r = v(xra, xr + i0), a0i = v(xia, xi + i0);
        DoubleVector a1r = v(xra, xr + i0 + sm), a1i = v(xia, xi + i0 + sm);
        DoubleVector a2r = v(xra, xr + i0 + 2 * sm), a2i = v(xia, xi + i0 + 2 * sm);
        DoubleVector a3r = v(xra, xr + i0 + 3 * sm), a3i = v(xia, xi + i0 + 3 * sm);
        DoubleVector t0r = a0r.add(a2r), t0i = a0i.add(a2i);
        DoubleVector t1r = a0r.sub(a2r), t1i = a0i.sub(a2i);
        DoubleVector t2r = a1r.add(a3r), t2i = a1i.add(a3i);
        DoubleVector t3r = a1r.sub(a3r), t3i = a1i.sub(a3i);
        int j = (s * 4 * p + q) * L, sl = s * L;
        t0r.add(t2r).intoArray(w, yr + j);
        t0i.add(t2i).intoArray(w, yi + j);
        DoubleVector b1r = t1r.add(t3i), b1i = t1i.sub(t3r);
        DoubleVector b2r = t0r.sub(t2r), b2i = t0i.sub(t2i);
        DoubleVector b3r = t1r.sub(t3i), b3i = t1i.add(t3r);
        b1r.mul(w1r).sub(b1i.mul(w1i)).intoArray(w, yr + j + sl);
        b1r.mul(w1i).add(b1i.mul(w1r)).intoArray(w, yi + j + sl);
        b2r.mul(w2r).sub(b2i.mul(w2i)).intoArray(w, yr + j + 2 * sl);
        b2r.mul(w2i).add(b2i.mul(w2r)).intoArray(w, yi + j + 2 * sl);
        b3r.mul(w3r).sub(b3i.mul(w3i)).intoArray(w, yr + j + 3 * sl);
        b3r.mul(w3i).add(b3i.mul(w3r)).intoArray(w, yi + j + 3 * sl);
      }
    }
  }

  private void radix2(double[] xra, int xr, double[] xia, int xi, int yr, int yi, int m, int s, int o) {
    int sm = s * m * L;
    for (int p = 0; p < m; p++) {
      double w0 = twRe[o + p], w1 = twIm[o + p];
      for (int q = 0; q < s; q++) {
        int i0 = (s * p + q) * L;
        DoubleVector a_r = v(xra, xr + i0), a_i = v(xia, xi + i0), b_r = v(xra, xr + i0 + sm), b_i = v(xia, xi + i0 + sm);
        int j = (s * 2 * p + q) * L, sl = s * L;
        a_r.add(b_r).intoArray(w, yr + j);
        a_i.add(b_i).intoArray(w, yi + j);
        DoubleVector dr = a_r.sub(b_r), di = a_i.sub(b_i);
        dr.mul(w0).sub(di.mul(w1)).intoArray(w, yr + j + sl);
        dr.mul(w1).add(di.mul(w0)).intoArray(w, yi + j + sl);
      }
    }
  }

  private void radix3(double[] xra, int xr, double[] xia, int xi, int yr, int yi, int m, int s, int o) {
    int sm = s * m * L;
    for (int p = 0; p < m; p++) {
      int t = o + 2 * p;
      double w1r = twRe[t], w1i = twIm[t], w2r = twRe[t + 1], w2i = twIm[t + 1];
      for (int q = 0; q < s; q++) {
        int i0 = (s * p + q) * L;
        DoubleVector a0r = v(xra, xr + i0), a0i = v(xia, xi + i0);
        DoubleVector a1r = v(xra, xr + i0 + sm), a1i = v(xia, xi + i0 + sm);
        DoubleVector a2r = v(xra, xr + i0 + 2 * sm), a2i = v(xia, xi + i0 + 2 * sm);
        DoubleVector sr = a1r.add(a2r), si = a1i.add(a2i);
        DoubleVector dr = a1r.sub(a2r), di = a1i.sub(a2i);
        DoubleVector mr = a0r.sub(sr.mul(0.5)), mi = a0i.sub(si.mul(0.5));
        int j = (s * 3 * p + q) * L, sl = s * L;
        a0r.add(sr).intoArray(w, yr + j);
        a0i.add(si).intoArray(w, yi + j);
        DoubleVector b1r = mr.add(di.mul(SIN60)), b1i = mi.sub(dr.mul(SIN60));
        DoubleVector b2r = mr.sub(di.mul(SIN60)), b2i = mi.add(dr.mul(SIN60));
        b1r.mul(w1r).sub(b1i.mul(w1i)).intoArray(w, yr + j + sl);
        b1r.mul(w1i).add(b1i.mul(w1r)).intoArray(w, yi + j + sl);
        b2r.mul(w2r).sub(b2i.mul(w2i)).intoArray(w, yr + j + 2 * sl);
        b2r.mul(w2i).add(b2i.mul(w2r)).intoArray(w, yi + j + 2 * sl);
      }
    }
  }

  private void radix5(double[] xra, int xr, double[] xia, int xi, int yr, int yi, int m, int s, int o) {
    int sm = s * m * L;
    for (int p = 0; p < m; p++) {
      int t = o + 4 * p;
      double w1r = twRe[t], w1i = twIm[t], w2r = twRe[t + 1], w2i = twIm[t + 1];
      double w3r = twRe[t + 2], w3i = twIm[t + 2], w4r = twRe[t + 3], w4i = twIm[t + 3];
      for (int q = 0; q < s; q++) {
        int i0 = (s * p + q) * L;
        DoubleVector a0r = v(xra, xr + i0), a0i = v(xia, xi + i0);
        DoubleVector a1r = v(xra, xr + i0 + sm), a1i = v(xia, xi + i0 + sm);
        DoubleVector a2r = v(xra, xr + i0 + 2 * sm), a2i = v(xia, xi + i0 + 2 * sm);
        DoubleVector a3r = v(xra, xr + i0 + 3 * sm), a3i = v(xia, xi + i0 + 3 * sm);
        DoubleVector a4r = v(xra, xr + i0 + 4 * sm), a4i = v(xia, xi + i0 + 4 * sm);
        DoubleVector t1r = a1r.add(a4r), t1i = a1i.add(a4i), t3r = a1r.sub(a4r), t3i = a1i.sub(a4i);
        DoubleVector t2r = a2r.add(a3r), t2i = a2i.add(a3i), t4r = a2r.sub(a3r), t4i = a2i.sub(a3i);
        DoubleVector m1r = a0r.add(t1r.mul(C1)).add(t2r.mul(C2)), m1i = a0i.add(t1i.mul(C1)).add(t2i.mul(C2));
        DoubleVector m2r = a0r.add(t1r.mul(C2)).add(t2r.mul(C1)), m2i = a0i.add(t1i.mul(C2)).add(t2i.mul(C1));
        DoubleVector n1r = t3r.mul(S1).add(t4r.mul(S2)), n1i = t3i.mul(S1).add(t4i.mul(S2));
        DoubleVector n2r = t3r.mul(S2).sub(t4r.mul(S1)), n2i = t3i.mul(S2).sub(t4i.mul(S1));
        int j = (s * 5 * p + q) * L, sl = s * L;
        a0r.add(t1r).add(t2r).intoArray(w, yr + j);
        a0i.add(t1i).add(t2i).intoArray(w, yi + j);
        DoubleVector b1r = m1r.add(n1i), b1i = m1i.sub(n1r);
        DoubleVector b4r = m1r.sub(n1i), b4i = m1i.add(n1r);
        DoubleVector b2r = m2r.add(n2i), b2i = m2i.sub(n2r);
        DoubleVector b3r = m2r.sub(n2i), b3i = m2i.add(n2r);
        b1r.mul(w1r).sub(b1i.mul(w1i)).intoArray(w, yr + j + sl);
        b1r.mul(w1i).add(b1i.mul(w1r)).intoArray(w, yi + j + sl);
        b2r.mul(w2r).sub(b2i.mul(w2i)).intoArray(w, yr + j + 2 * sl);
        b2r.mul(w2i).add(b2i.mul(w2r)).intoArray(w, yi + j + 2 * sl);
        b3r.mul(w3r).sub(b3i.mul(w3i)).intoArray(w, yr + j + 3 * sl);
        b3r.mul(w3i).add(b3i.mul(w3r)).intoArray(w, yi + j + 3 * sl);
        b4r.mul(w4r).sub(b4i.mul(w4i)).intoArray(w, yr + j + 4 * sl);
        b4r.mul(w4i).add(b4i.mul(w4r)).intoArray(w, yi + j + 4 * sl);
      }
    }
  }
}
