package io.themachine.audio.internal.cpu;

import static io.themachine.audio.internal.cpu.ScalarFloatRfft.C1;
import static io.themachine.audio.internal.cpu.ScalarFloatRfft.C2;
import static io.themachine.audio.internal.cpu.ScalarFloatRfft.NR;
import static io.themachine.audio.internal.cpu.ScalarFloatRfft.R;
import static io.themachine.audio.internal.cpu.ScalarFloatRfft.S1;
import static io.themachine.audio.internal.cpu.ScalarFloatRfft.S2;
import static io.themachine.audio.internal.cpu.ScalarFloatRfft.SIN60;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatBatchRfft} on the Vector API, one frame per lane (16 on AVX-512: twice the frames of
 * the double engine per instruction). Every expression is {@link ScalarFloatRfft}'s, in the same
 * order, so each lane equals the scalar result bit for bit; no FMA (the scalar code has none).
 * Loaded by name after the shared Vector probe.
 */
final class VectorFloatRfft implements FloatBatchRfft {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private final FloatFftPlan plan;
  private final int h;
  private final float[] ar, ai, br, bi;
  private final int[] gather = new int[L];
  private int gatherHop = -1;

  VectorFloatRfft(int n) {
    this.plan = new FloatFftPlan(n);
    this.h = n / 2;
    ar = new float[h * L];
    ai = new float[h * L];
    br = new float[h * L];
    bi = new float[h * L];
  }

  @Override public int lanes() { return L; }

  @Override public int size() { return plan.n; }

  @Override public float[] packedRe() { return ar; }

  @Override public float[] packedIm() { return ai; }

  private static final FloatVector LO8 = indexes(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23});
  private static final FloatVector HI8 = indexes(new int[] {8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31});
  private static final FloatVector LO4 = indexes(new int[] {0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27});
  private static final FloatVector HI4 = indexes(new int[] {4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31});
  private static final FloatVector LO2 = indexes(new int[] {0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29});
  private static final FloatVector HI2 = indexes(new int[] {2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31});
  private static final FloatVector LO1 = indexes(new int[] {0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30});
  private static final FloatVector HI1 = indexes(new int[] {1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31});

  private static FloatVector indexes(int[] ix) {
    if (L != 16) return null;
    float[] f = new float[16];
    for (int i = 0; i < 16; i++) f[i] = ix[i];
    return FloatVector.fromArray(S, f, 0);
  }

  /** 16 frames x 16 samples, transposed in registers: four rounds of two-vector selects (vpermt2ps). */
  private void load16(float[] buf, int off, int hop, float[] w, int k0) {
    int b = off + 2 * k0;
    FloatVector r0 = FloatVector.fromArray(S, buf, b + 0 * hop);
    FloatVector r1 = FloatVector.fromArray(S, buf, b + 1 * hop);
    FloatVector r2 = FloatVector.fromArray(S, buf, b + 2 * hop);
    FloatVector r3 = FloatVector.fromArray(S, buf, b + 3 * hop);
    FloatVector r4 = FloatVector.fromArray(S, buf, b + 4 * hop);
    FloatVector r5 = FloatVector.fromArray(S, buf, b + 5 * hop);
    FloatVector r6 = FloatVector.fromArray(S, buf, b + 6 * hop);
    FloatVector r7 = FloatVector.fromArray(S, buf, b + 7 * hop);
    FloatVector r8 = FloatVector.fromArray(S, buf, b + 8 * hop);
    FloatVector r9 = FloatVector.fromArray(S, buf, b + 9 * hop);
    FloatVector r10 = FloatVector.fromArray(S, buf, b + 10 * hop);
    FloatVector r11 = FloatVector.fromArray(S, buf, b + 11 * hop);
    FloatVector r12 = FloatVector.fromArray(S, buf, b + 12 * hop);
    FloatVector r13 = FloatVector.fromArray(S, buf, b + 13 * hop);
    FloatVector r14 = FloatVector.fromArray(S, buf, b + 14 * hop);
    FloatVector r15 = FloatVector.fromArray(S, buf, b + 15 * hop);
    FloatVector u1a = LO8.selectFrom(r0, r8), u1b = HI8.selectFrom(r0, r8);
    FloatVector u2a = LO8.selectFrom(r1, r9), u2b = HI8.selectFrom(r1, r9);
    FloatVector u3a = LO8.selectFrom(r2, r10), u3b = HI8.selectFrom(r2, r10);
    FloatVector u4a = LO8.selectFrom(r3, r11), u4b = HI8.selectFrom(r3, r11);
    FloatVector u5a = LO8.selectFrom(r4, r12), u5b = HI8.selectFrom(r4, r12);
    FloatVector u6a = LO8.selectFrom(r5, r13), u6b = HI8.selectFrom(r5, r13);
    FloatVector u7a = LO8.selectFrom(r6, r14), u7b = HI8.selectFrom(r6, r14);
    FloatVector u8a = LO8.selectFrom(r7, r15), u8b = HI8.selectFrom(r7, r15);
    FloatVector u9a = LO4.selectFrom(u1a, u5a), u9b = HI4.selectFrom(u1a, u5a);
    FloatVector u10a = LO4.selectFrom(u2a, u6a), u10b = HI4.selectFrom(u2a, u6a);
    FloatVector u11a = LO4.selectFrom(u3a, u7a), u11b = HI4.selectFrom(u3a, u7a);
    FloatVector u12a = LO4.selectFrom(u4a, u8a), u12b = HI4.selectFrom(u4a, u8a);
    FloatVector u13a = LO4.selectFrom(u1b, u5b), u13b = HI4.selectFrom(u1b, u5b);
    FloatVector u14a = LO4.selectFrom(u2b, u6b), u14b = HI4.selectFrom(u2b, u6b);
    FloatVector u15a = LO4.selectFrom(u3b, u7b), u15b = HI4.selectFrom(u3b, u7b);
    FloatVector u16a = LO4.selectFrom(u4b, u8b), u16b = HI4.selectFrom(u4b, u8b);
    FloatVector u17a = LO2.selectFrom(u9a, u11a), u17b = HI2.selectFrom(u9a, u11a);
    FloatVector u18a = LO2.selectFrom(u10a, u12a), u18b = HI2.selectFrom(u10a, u12a);
    FloatVector u19a = LO2.selectFrom(u9b, u11b), u19b = HI2.selectFrom(u9b, u11b);
    FloatVector u20a = LO2.selectFrom(u10b, u12b), u20b = HI2.selectFrom(u10b, u12b);
    FloatVector u21a = LO2.selectFrom(u13a, u15a), u21b = HI2.selectFrom(u13a, u15a);
    FloatVector u22a = LO2.selectFrom(u14a, u16a), u22b = HI2.selectFrom(u14a, u16a);
    FloatVector u23a = LO2.selectFrom(u13b, u15b), u23b = HI2.selectFrom(u13b, u15b);
    FloatVector u24a = LO2.selectFrom(u14b, u16b), u24b = HI2.selectFrom(u14b, u16b);
    FloatVector u25a = LO1.selectFrom(u17a, u18a), u25b = HI1.selectFrom(u17a, u18a);
    FloatVector u26a = LO1.selectFrom(u17b, u18b), u26b = HI1.selectFrom(u17b, u18b);
    FloatVector u27a = LO1.selectFrom(u19a, u20a), u27b = HI1.selectFrom(u19a, u20a);
    FloatVector u28a = LO1.selectFrom(u19b, u20b), u28b = HI1.selectFrom(u19b, u20b);
    FloatVector u29a = LO1.selectFrom(u21a, u22a), u29b = HI1.selectFrom(u21a, u22a);
    FloatVector u30a = LO1.selectFrom(u21b, u22b), u30b = HI1.selectFrom(u21b, u22b);
    FloatVector u31a = LO1.selectFrom(u23a, u24a), u31b = HI1.selectFrom(u23a, u24a);
    FloatVector u32a = LO1.selectFrom(u23b, u24b), u32b = HI1.selectFrom(u23b, u24b);
    u25a.mul(w[2 * k0 + 0]).intoArray(ar, (k0 + 0) * 16);
    u25b.mul(w[2 * k0 + 1]).intoArray(ai, (k0 + 0) * 16);
    u26a.mul(w[2 * k0 + 2]).intoArray(ar, (k0 + 1) * 16);
    u26b.mul(w[2 * k0 + 3]).intoArray(ai, (k0 + 1) * 16);
    u27a.mul(w[2 * k0 + 4]).intoArray(ar, (k0 + 2) * 16);
    u27b.mul(w[2 * k0 + 5]).intoArray(ai, (k0 + 2) * 16);
    u28a.mul(w[2 * k0 + 6]).intoArray(ar, (k0 + 3) * 16);
    u28b.mul(w[2 * k0 + 7]).intoArray(ai, (k0 + 3) * 16);
    u29a.mul(w[2 * k0 + 8]).intoArray(ar, (k0 + 4) * 16);
    u29b.mul(w[2 * k0 + 9]).intoArray(ai, (k0 + 4) * 16);
    u30a.mul(w[2 * k0 + 10]).intoArray(ar, (k0 + 5) * 16);
    u30b.mul(w[2 * k0 + 11]).intoArray(ai, (k0 + 5) * 16);
    u31a.mul(w[2 * k0 + 12]).intoArray(ar, (k0 + 6) * 16);
    u31b.mul(w[2 * k0 + 13]).intoArray(ai, (k0 + 6) * 16);
    u32a.mul(w[2 * k0 + 14]).intoArray(ar, (k0 + 7) * 16);
    u32b.mul(w[2 * k0 + 15]).intoArray(ai, (k0 + 7) * 16);
  }

  private static FloatVector v(float[] a, int i) {
    return FloatVector.fromArray(S, a, i);
  }

  @Override
  public void load(float[] buf, int off, int hop, float[] w) {
    if (hop != gatherHop) {
      for (int j = 0; j < L; j++) gather[j] = j * hop;
      gatherHop = hop;
    }
    int[] g = gather;
    int k = 0;
    if (L == 16 && h % 8 == 0) {
      for (; k < h; k += 8) load16(buf, off, hop, w, k);
    }
    for (; k < h; k++) {
      // one gather per packed value: lane j reads frame j's sample (stride hop)
      FloatVector.fromArray(S, buf, off + 2 * k, g, 0).mul(w[2 * k]).intoArray(ar, k * L);
      FloatVector.fromArray(S, buf, off + 2 * k + 1, g, 0).mul(w[2 * k + 1]).intoArray(ai, k * L);
    }
  }

  @Override
  public void forwardPower(float[] out, int off, int stride) {
    float[] xr = ar, xi = ai, yr = br, yi = bi;
    int len = h, s = 1;
    int[] radix = plan.radix;
    for (int st = 0; st < radix.length; st++) {
      int r = radix[st];
      int m = len / r;
      int o = plan.twOffset[st];
      switch (r) {
        case 8 -> radix8(xr, xi, yr, yi, m, s, o);
        case 4 -> radix4(xr, xi, yr, yi, m, s, o);
        case 2 -> radix2(xr, xi, yr, yi, m, s, o);
        case 3 -> radix3(xr, xi, yr, yi, m, s, o);
        default -> radix5(xr, xi, yr, yi, m, s, o);
      }
      float[] t = xr; xr = yr; yr = t;
      t = xi; xi = yi; yi = t;
      len = m;
      s *= r;
    }
    FloatVector z0r = v(xr, 0), z0i = v(xi, 0);
    FloatVector r0 = z0r.add(z0i), rh = z0r.sub(z0i);
    r0.mul(r0).intoArray(out, off);
    rh.mul(rh).intoArray(out, off + h * stride);
    float[] wr = plan.wr, wi = plan.wi;
    for (int k = 1; k < h; k++) {
      FloatVector zr = v(xr, k * L), zi = v(xi, k * L);
      FloatVector cr = v(xr, (h - k) * L), ci = v(xi, (h - k) * L).neg();
      FloatVector er = zr.add(cr).mul(0.5f), ei = zi.add(ci).mul(0.5f);
      FloatVector or = zi.sub(ci).mul(0.5f), oi = zr.sub(cr).mul(-0.5f);
      float w0 = wr[k], w1 = wi[k];
      FloatVector re = er.add(or.mul(w0)).sub(oi.mul(w1));
      FloatVector im = ei.add(or.mul(w1)).add(oi.mul(w0));
      re.mul(re).add(im.mul(im)).intoArray(out, off + k * stride);
    }
  }

  @Override
  public void applyMel(MelFilterBank bank, float[] power, float[] mel) {
    float[] w = bank.weightsFloat;
    for (int m = 0; m < bank.nMels; m++) {
      int st = bank.start[m], o = bank.offset[m], n = bank.length[m];
      FloatVector acc = FloatVector.zero(S);
      for (int j = 0; j < n; j++) acc = acc.add(v(power, (st + j) * L).mul(w[o + j]));
      acc.intoArray(mel, m * L);
    }
  }

  private void radix8(float[] xr, float[] xi, float[] yr, float[] yi, int m, int s, int o) {
    int sm = s * m * L, sl = s * L;
    float[] twRe = plan.twRe, twIm = plan.twIm;
    for (int p = 0; p < m; p++) {
      int t = o + 7 * p;
      boolean unit = p == 0;
      for (int q = 0; q < s; q++) {
        int i0 = (s * p + q) * L;
        FloatVector a0r = v(xr, i0), a0i = v(xi, i0), a4r = v(xr, i0 + 4 * sm), a4i = v(xi, i0 + 4 * sm);
        FloatVector c0r = a0r.add(a4r), c0i = a0i.add(a4i), d0r = a0r.sub(a4r), d0i = a0i.sub(a4i);
        FloatVector a2r = v(xr, i0 + 2 * sm), a2i = v(xi, i0 + 2 * sm), a6r = v(xr, i0 + 6 * sm), a6i = v(xi, i0 + 6 * sm);
        FloatVector c2r = a2r.add(a6r), c2i = a2i.add(a6i), e2r = a2r.sub(a6r), e2i = a2i.sub(a6i);
        FloatVector d2r = e2i, d2i = e2r.neg();
        FloatVector g0r = d0r.add(d2r), g0i = d0i.add(d2i), g1r = d0r.sub(d2r), g1i = d0i.sub(d2i);
        FloatVector t0r = c0r.add(c2r), t0i = c0i.add(c2i), t1r = c0r.sub(c2r), t1i = c0i.sub(c2i);
        FloatVector a1r = v(xr, i0 + sm), a1i = v(xi, i0 + sm), a5r = v(xr, i0 + 5 * sm), a5i = v(xi, i0 + 5 * sm);
        FloatVector c1r = a1r.add(a5r), c1i = a1i.add(a5i), e1r = a1r.sub(a5r), e1i = a1i.sub(a5i);
        FloatVector a3r = v(xr, i0 + 3 * sm), a3i = v(xi, i0 + 3 * sm), a7r = v(xr, i0 + 7 * sm), a7i = v(xi, i0 + 7 * sm);
        FloatVector c3r = a3r.add(a7r), c3i = a3i.add(a7i), e3r = a3r.sub(a7r), e3i = a3i.sub(a7i);
        FloatVector d1r = e1r.add(e1i).mul(R), d1i = e1i.sub(e1r).mul(R);
        FloatVector d3r = e3i.sub(e3r).mul(R), d3i = e3r.add(e3i).mul(NR);
        FloatVector t2r = c1r.add(c3r), t2i = c1i.add(c3i), t3r = c1r.sub(c3r), t3i = c1i.sub(c3i);
        FloatVector g2r = d1r.add(d3r), g2i = d1i.add(d3i), g3r = d1r.sub(d3r), g3i = d1i.sub(d3i);
        int j = (s * 8 * p + q) * L;
        t0r.add(t2r).intoArray(yr, j);
        t0i.add(t2i).intoArray(yi, j);
        FloatVector b1r = g0r.add(g2r), b1i = g0i.add(g2i);
        FloatVector b2r = t1r.add(t3i), b2i = t1i.sub(t3r);
        FloatVector b3r = g1r.add(g3i), b3i = g1i.sub(g3r);
        FloatVector b4r = t0r.sub(t2r), b4i = t0i.sub(t2i);
        FloatVector b5r = g0r.sub(g2r), b5i = g0i.sub(g2i);
        FloatVector b6r = t1r.sub(t3i), b6i = t1i.add(t3r);
        FloatVector b7r = g1r.sub(g3i), b7i = g1i.add(g3r);
        if (unit) {
          b1r.intoArray(yr, j + sl); b1i.intoArray(yi, j + sl);
          b2r.intoArray(yr, j + 2 * sl); b2i.intoArray(yi, j + 2 * sl);
          b3r.intoArray(yr, j + 3 * sl); b3i.intoArray(yi, j + 3 * sl);
          b4r.intoArray(yr, j + 4 * sl); b4i.intoArray(yi, j + 4 * sl);
          b5r.intoArray(yr, j + 5 * sl); b5i.intoArray(yi, j + 5 * sl);
          b6r.intoArray(yr, j + 6 * sl); b6i.intoArray(yi, j + 6 * sl);
          b7r.intoArray(yr, j + 7 * sl); b7i.intoArray(yi, j + 7 * sl);
        } else {
          float w1r = twRe[t + 0], w1i = twIm[t + 0];
          b1r.mul(w1r).sub(b1i.mul(w1i)).intoArray(yr, j + 1 * sl);
          b1r.mul(w1i).add(b1i.mul(w1r)).intoArray(yi, j + 1 * sl);
          float w2r = twRe[t + 1], w2i = twIm[t + 1];
          b2r.mul(w2r).sub(b2i.mul(w2i)).intoArray(yr, j + 2 * sl);
          b2r.mul(w2i).add(b2i.mul(w2r)).intoArray(yi, j + 2 * sl);
          float w3r = twRe[t + 2], w3i = twIm[t + 2];
          b3r.mul(w3r).sub(b3i.mul(w3i)).intoArray(yr, j + 3 * sl);
          b3r.mul(w3i).add(b3i.mul(w3r)).intoArray(yi, j + 3 * sl);
          float w4r = twRe[t + 3], w4i = twIm[t + 3];
          b4r.mul(w4r).sub(b4i.mul(w4i)).intoArray(yr, j + 4 * sl);
          b4r.mul(w4i).add(b4i.mul(w4r)).intoArray(yi, j + 4 * sl);
          float w5r = twRe[t + 4], w5i = twIm[t + 4];
          b5r.mul(w5r).sub(b5i.mul(w5i)).intoArray(yr, j + 5 * sl);
          b5r.mul(w5i).add(b5i.mul(w5r)).intoArray(yi, j + 5 * sl);
          float w6r = twRe[t + 5], w6i = twIm[t + 5];
          b6r.mul(w6r).sub(b6i.mul(w6i)).intoArray(yr, j + 6 * sl);
          b6r.mul(w6i).add(b6i.mul(w6r)).intoArray(yi, j + 6 * sl);
          float w7r = twRe[t + 6], w7i = twIm[t + 6];
          b7r.mul(w7r).sub(b7i.mul(w7i)).intoArray(yr, j + 7 * sl);
          b7r.mul(w7i).add(b7i.mul(w7r)).intoArray(yi, j + 7 * sl);
        }
      }
    }
  }

  private void radix4(float[] xr, float[] xi, float[] yr, float[] yi, int m, int s, int o) {
    int sm = s * m * L, sl = s * L;
    float[] twRe = plan.twRe, twIm = plan.twIm;
    for (int p = 0; p < m; p++) {
      int t = o + 3 * p;
      float w1r = twRe[t], w1i = twIm[t], w2r = twRe[t + 1], w2i = twIm[t + 1], w3r = twRe[t + 2], w3i = twIm[t + 2];
      boolean unit = p == 0;
      for (int q = 0; q < s; q++) {
        int i0 = (s * p + q) * L;
        FloatVector a0r = v(xr, i0), a0i = v(xi, i0);
        FloatVector a1r = v(xr, i0 + sm), a1i = v(xi, i0 + sm);
        FloatVector a2r = v(xr, i0 + 2 * sm), a2i = v(xi, i0 + 2 * sm);
        FloatVector a3r = v(xr, i0 + 3 * sm), a3i = v(xi, i0 + 3 * sm);
        FloatVector t0r = a0r.add(a2r), t0i = a0i.add(a2i);
        FloatVector t1r = a0r.sub(a2r), t1i = a0i.sub(a2i);
        FloatVector t2r = a1r.add(a3r), t2i = a1i.add(a3i);
        FloatVector t3r = a1r.sub(a3r), t3i = a1i.sub(a3i);
        int j = (s * 4 * p + q) * L;
        t0r.add(t2r).intoArray(yr, j);
        t0i.add(t2i).intoArray(yi, j);
        FloatVector b1r = t1r.add(t3i), b1i = t1i.sub(t3r);
        FloatVector b2r = t0r.sub(t2r), b2i = t0i.sub(t2i);
        FloatVector b3r = t1r.sub(t3i), b3i = t1i.add(t3r);
        if (unit) {
          b1r.intoArray(yr, j + sl);
          b1i.intoArray(yi, j + sl);
          b2r.intoArray(yr, j + 2 * sl);
          b2i.intoArray(yi, j + 2 * sl);
          b3r.intoArray(yr, j + 3 * sl);
          b3i.intoArray(yi, j + 3 * sl);
        } else {
          b1r.mul(w1r).sub(b1i.mul(w1i)).intoArray(yr, j + sl);
          b1r.mul(w1i).add(b1i.mul(w1r)).intoArray(yi, j + sl);
          b2r.mul(w2r).sub(b2i.mul(w2i)).intoArray(yr, j + 2 * sl);
          b2r.mul(w2i).add(b2i.mul(w2r)).intoArray(yi, j + 2 * sl);
          b3r.mul(w3r).sub(b3i.mul(w3i)).intoArray(yr, j + 3 * sl);
          b3r.mul(w3i).add(b3i.mul(w3r)).intoArray(yi, j + 3 * sl);
        }
      }
    }
  }

  private void radix2(float[] xr, float[] xi, float[] yr, float[] yi, int m, int s, int o) {
    int sm = s * m * L, sl = s * L;
    float[] twRe = plan.twRe, twIm = plan.twIm;
    for (int p = 0; p < m; p++) {
      float w0 = twRe[o + p], w1 = twIm[o + p];
      boolean unit = p == 0;
      for (int q = 0; q < s; q++) {
        int i0 = (s * p + q) * L;
        FloatVector a_r = v(xr, i0), a_i = v(xi, i0), b_r = v(xr, i0 + sm), b_i = v(xi, i0 + sm);
        int j = (s * 2 * p + q) * L;
        a_r.add(b_r).intoArray(yr, j);
        a_i.add(b_i).intoArray(yi, j);
        FloatVector dr = a_r.sub(b_r), di = a_i.sub(b_i);
        if (unit) {
          dr.intoArray(yr, j + sl);
          di.intoArray(yi, j + sl);
        } else {
          dr.mul(w0).sub(di.mul(w1)).intoArray(yr, j + sl);
          dr.mul(w1).add(di.mul(w0)).intoArray(yi, j + sl);
        }
      }
    }
  }

  private void radix3(float[] xr, float[] xi, float[] yr, float[] yi, int m, int s, int o) {
    int sm = s * m * L, sl = s * L;
    float[] twRe = plan.twRe, twIm = plan.twIm;
    for (int p = 0; p < m; p++) {
      int t = o + 2 * p;
      float w1r = twRe[t], w1i = twIm[t], w2r = twRe[t + 1], w2i = twIm[t + 1];
      boolean unit = p == 0;
      for (int q = 0; q < s; q++) {
        int i0 = (s * p + q) * L;
        FloatVector a0r = v(xr, i0), a0i = v(xi, i0);
        FloatVector a1r = v(xr, i0 + sm), a1i = v(xi, i0 + sm);
        FloatVector a2r = v(xr, i0 + 2 * sm), a2i = v(xi, i0 + 2 * sm);
        FloatVector sr = a1r.add(a2r), si = a1i.add(a2i);
        FloatVector dr = a1r.sub(a2r), di = a1i.sub(a2i);
        FloatVector mr = a0r.sub(sr.mul(0.5f)), mi = a0i.sub(si.mul(0.5f));
        int j = (s * 3 * p + q) * L;
        a0r.add(sr).intoArray(yr, j);
        a0i.add(si).intoArray(yi, j);
        FloatVector b1r = mr.add(di.mul(SIN60)), b1i = mi.sub(dr.mul(SIN60));
        FloatVector b2r = mr.sub(di.mul(SIN60)), b2i = mi.add(dr.mul(SIN60));
        if (unit) {
          b1r.intoArray(yr, j + sl);
          b1i.intoArray(yi, j + sl);
          b2r.intoArray(yr, j + 2 * sl);
          b2i.intoArray(yi, j + 2 * sl);
        } else {
          b1r.mul(w1r).sub(b1i.mul(w1i)).intoArray(yr, j + sl);
          b1r.mul(w1i).add(b1i.mul(w1r)).intoArray(yi, j + sl);
          b2r.mul(w2r).sub(b2i.mul(w2i)).intoArray(yr, j + 2 * sl);
          b2r.mul(w2i).add(b2i.mul(w2r)).intoArray(yi, j + 2 * sl);
        }
      }
    }
  }

  private void radix5(float[] xr, float[] xi, float[] yr, float[] yi, int m, int s, int o) {
    int sm = s * m * L, sl = s * L;
    float[] twRe = plan.twRe, twIm = plan.twIm;
    for (int p = 0; p < m; p++) {
      int t = o + 4 * p;
      float w1r = twRe[t], w1i = twIm[t], w2r = twRe[t + 1], w2i = twIm[t + 1];
      float w3r = twRe[t + 2], w3i = twIm[t + 2], w4r = twRe[t + 3], w4i = twIm[t + 3];
      boolean unit = p == 0;
      for (int q = 0; q < s; q++) {
        int i0 = (s * p + q) * L;
        FloatVector a0r = v(xr, i0), a0i = v(xi, i0);
        FloatVector a1r = v(xr, i0 + sm), a1i = v(xi, i0 + sm);
        FloatVector a2r = v(xr, i0 + 2 * sm), a2i = v(xi, i0 + 2 * sm);
        FloatVector a3r = v(xr, i0 + 3 * sm), a3i = v(xi, i0 + 3 * sm);
        FloatVector a4r = v(xr, i0 + 4 * sm), a4i = v(xi, i0 + 4 * sm);
        FloatVector t1r = a1r.add(a4r), t1i = a1i.add(a4i), t3r = a1r.sub(a4r), t3i = a1i.sub(a4i);
        FloatVector t2r = a2r.add(a3r), t2i = a2i.add(a3i), t4r = a2r.sub(a3r), t4i = a2i.sub(a3i);
        FloatVector m1r = a0r.add(t1r.mul(C1)).add(t2r.mul(C2)), m1i = a0i.add(t1i.mul(C1)).add(t2i.mul(C2));
        FloatVector m2r = a0r.add(t1r.mul(C2)).add(t2r.mul(C1)), m2i = a0i.add(t1i.mul(C2)).add(t2i.mul(C1));
        FloatVector n1r = t3r.mul(S1).add(t4r.mul(S2)), n1i = t3i.mul(S1).add(t4i.mul(S2));
        FloatVector n2r = t3r.mul(S2).sub(t4r.mul(S1)), n2i = t3i.mul(S2).sub(t4i.mul(S1));
        int j = (s * 5 * p + q) * L;
        a0r.add(t1r).add(t2r).intoArray(yr, j);
        a0i.add(t1i).add(t2i).intoArray(yi, j);
        FloatVector b1r = m1r.add(n1i), b1i = m1i.sub(n1r);
        FloatVector b4r = m1r.sub(n1i), b4i = m1i.add(n1r);
        FloatVector b2r = m2r.add(n2i), b2i = m2i.sub(n2r);
        FloatVector b3r = m2r.sub(n2i), b3i = m2i.add(n2r);
        if (unit) {
          b1r.intoArray(yr, j + sl);
          b1i.intoArray(yi, j + sl);
          b2r.intoArray(yr, j + 2 * sl);
          b2i.intoArray(yi, j + 2 * sl);
          b3r.intoArray(yr, j + 3 * sl);
          b3i.intoArray(yi, j + 3 * sl);
          b4r.intoArray(yr, j + 4 * sl);
          b4i.intoArray(yi, j + 4 * sl);
        } else {
          b1r.mul(w1r).sub(b1i.mul(w1i)).intoArray(yr, j + sl);
          b1r.mul(w1i).add(b1i.mul(w1r)).intoArray(yi, j + sl);
          b2r.mul(w2r).sub(b2i.mul(w2i)).intoArray(yr, j + 2 * sl);
          b2r.mul(w2i).add(b2i.mul(w2r)).intoArray(yi, j + 2 * sl);
          b3r.mul(w3r).sub(b3i.mul(w3i)).intoArray(yr, j + 3 * sl);
          b3r.mul(w3i).add(b3i.mul(w3r)).intoArray(yi, j + 3 * sl);
          b4r.mul(w4r).sub(b4i.mul(w4i)).intoArray(yr, j + 4 * sl);
          b4r.mul(w4i).add(b4i.mul(w4r)).intoArray(yi, j + 4 * sl);
        }
      }
    }
  }
}
