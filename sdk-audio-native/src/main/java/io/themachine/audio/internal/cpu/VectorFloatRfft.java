package io.themachine.audio.internal.cpu;

import static io.themachine.audio.internal.cpu.ScalarFloatRfft.C1;
import static io.themachine.audio.internal.cpu.ScalarFloatRfft.C2;
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
    for (int k = 0; k < h; k++) {
      // one gather per packed value: lane j reads frame j's sample (stride hop)
      FloatVector.fromArray(S, buf, off + 2 * k, g, 0).mul(w[2 * k]).intoArray(ar, k * L);
      FloatVector.fromArray(S, buf, off + 2 * k + 1, g, 0).mul(w[2 * k + 1]).intoArray(ai, k * L);
    }
  }

  @Override
  public void forwardPower(float[] out) {
    float[] xr = ar, xi = ai, yr = br, yi = bi;
    int len = h, s = 1;
    int[] radix = plan.radix;
    for (int st = 0; st < radix.length; st++) {
      int r = radix[st];
      int m = len / r;
      int o = plan.twOffset[st];
      switch (r) {
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
    r0.mul(r0).intoArray(out, 0);
    rh.mul(rh).intoArray(out, h * L);
    float[] wr = plan.wr, wi = plan.wi;
    for (int k = 1; k < h; k++) {
      FloatVector zr = v(xr, k * L), zi = v(xi, k * L);
      FloatVector cr = v(xr, (h - k) * L), ci = v(xi, (h - k) * L).neg();
      FloatVector er = zr.add(cr).mul(0.5f), ei = zi.add(ci).mul(0.5f);
      FloatVector or = zi.sub(ci).mul(0.5f), oi = zr.sub(cr).mul(-0.5f);
      float w0 = wr[k], w1 = wi[k];
      FloatVector re = er.add(or.mul(w0)).sub(oi.mul(w1));
      FloatVector im = ei.add(or.mul(w1)).add(oi.mul(w0));
      re.mul(re).add(im.mul(im)).intoArray(out, k * L);
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
