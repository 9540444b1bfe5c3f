package io.themachine.audio.internal.cpu;

/**
 * {@link FloatBatchRfft} with one lane: the float32 reference. Stockham stages as in
 * {@link ComplexFft} (the same radix 4, 2, 3 and 5 butterflies, plus radix 8 where
 * {@link FloatFftPlan} picks it), in float; a stage's butterflies with {@code p == 0} skip their
 * unit twiddles. {@code VectorFloatRfft} copies every expression of
 * this class in the same order, so keep the two in step.
 */
final class ScalarFloatRfft implements FloatBatchRfft {
  static final float SIN60 = (float) 0.8660254037844386467637;
  static final float C1 = (float) 0.30901699437494745; // cos(2 pi / 5)
  static final float C2 = (float) -0.8090169943749475; // cos(4 pi / 5)
  static final float S1 = (float) 0.9510565162951535; // sin(2 pi / 5)
  static final float S2 = (float) 0.5877852522924731; // sin(4 pi / 5)
  static final float R = (float) 0.7071067811865476; // sqrt(1/2)
  static final float NR = -R;

  private final FloatFftPlan plan;
  private final int h;
  private final float[] ar, ai, br, bi;

  ScalarFloatRfft(int n) {
    this.plan = new FloatFftPlan(n);
    this.h = n / 2;
    ar = new float[h];
    ai = new float[h];
    br = new float[h];
    bi = new float[h];
  }

  @Override public int lanes() { return 1; }

  @Override public int size() { return plan.n; }

  @Override public float[] packedRe() { return ar; }

  @Override public float[] packedIm() { return ai; }

  @Override
  public void load(float[] buf, int off, int hop, float[] w) {
    for (int k = 0; k < h; k++) {
      ar[k] = w[2 * k] * buf[off + 2 * k];
      ai[k] = w[2 * k + 1] * buf[off + 2 * k + 1];
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
    // X_k = Xe_k + W^k Xo_k, Xe = (Z_k + conj Z_{h-k}) / 2, Xo = -i (Z_k - conj Z_{h-k}) / 2 (RealFft.forward)
    float r0 = xr[0] + xi[0], rh = xr[0] - xi[0];
    out[off] = r0 * r0;
    out[off + h * stride] = rh * rh;
    float[] wr = plan.wr, wi = plan.wi;
    for (int k = 1; k < h; k++) {
      float zr = xr[k], zi = xi[k];
      float cr = xr[h - k], ci = -xi[h - k];
      float er = (zr + cr) * 0.5f, ei = (zi + ci) * 0.5f;
      float or = (zi - ci) * 0.5f, oi = (zr - cr) * -0.5f;
      float w0 = wr[k], w1 = wi[k];
      float re = er + or * w0 - oi * w1;
      float im = ei + or * w1 + oi * w0;
      out[off + k * stride] = re * re + im * im;
    }
  }

  @Override
  public void applyMel(MelFilterBank bank, float[] power, float[] mel) {
    float[] w = bank.weightsFloat;
    for (int m = 0; m < bank.nMels; m++) {
      int st = bank.start[m], o = bank.offset[m], n = bank.length[m];
      float acc = 0f;
      for (int j = 0; j < n; j++) acc = acc + power[st + j] * w[o + j];
      mel[m] = acc;
    }
  }

  /**
   * Radix 8 as a distance-4 butterfly, {@code w8^t} on the differences ({@code w8 = (1 - i) / sqrt 2},
   * {@code w8^2 = -i}, {@code w8^3 = -(1 + i) / sqrt 2}), then radix 4 on the sums (outputs 0, 2, 4,
   * 6) and on the rotated differences (outputs 1, 3, 5, 7).
   */
  private void radix8(float[] xr, float[] xi, float[] yr, float[] yi, int m, int s, int o) {
    int sm = s * m;
    float[] twRe = plan.twRe, twIm = plan.twIm;
    for (int p = 0; p < m; p++) {
      int t = o + 7 * p;
      for (int q = 0; q < s; q++) {
        int i0 = s * p + q;
        float a0r = xr[i0], a0i = xi[i0], a4r = xr[i0 + 4 * sm], a4i = xi[i0 + 4 * sm];
        float a1r = xr[i0 + sm], a1i = xi[i0 + sm], a5r = xr[i0 + 5 * sm], a5i = xi[i0 + 5 * sm];
        float a2r = xr[i0 + 2 * sm], a2i = xi[i0 + 2 * sm], a6r = xr[i0 + 6 * sm], a6i = xi[i0 + 6 * sm];
        float a3r = xr[i0 + 3 * sm], a3i = xi[i0 + 3 * sm], a7r = xr[i0 + 7 * sm], a7i = xi[i0 + 7 * sm];
        float c0r = a0r + a4r, c0i = a0i + a4i, d0r = a0r - a4r, d0i = a0i - a4i;
        float c1r = a1r + a5r, c1i = a1i + a5i, e1r = a1r - a5r, e1i = a1i - a5i;
        float c2r = a2r + a6r, c2i = a2i + a6i, e2r = a2r - a6r, e2i = a2i - a6i;
        float c3r = a3r + a7r, c3i = a3i + a7i, e3r = a3r - a7r, e3i = a3i - a7i;
        float d1r = (e1r + e1i) * R, d1i = (e1i - e1r) * R;
        float d2r = e2i, d2i = -e2r;
        float d3r = (e3i - e3r) * R, d3i = (e3r + e3i) * NR;
        float t0r = c0r + c2r, t0i = c0i + c2i, t1r = c0r - c2r, t1i = c0i - c2i;
        float t2r = c1r + c3r, t2i = c1i + c3i, t3r = c1r - c3r, t3i = c1i - c3i;
        float g0r = d0r + d2r, g0i = d0i + d2i, g1r = d0r - d2r, g1i = d0i - d2i;
        float g2r = d1r + d3r, g2i = d1i + d3i, g3r = d1r - d3r, g3i = d1i - d3i;
        int j = s * 8 * p + q;
        yr[j] = t0r + t2r;
        yi[j] = t0i + t2i;
        float b1r = g0r + g2r, b1i = g0i + g2i;
        float b2r = t1r + t3i, b2i = t1i - t3r;
        float b3r = g1r + g3i, b3i = g1i - g3r;
        float b4r = t0r - t2r, b4i = t0i - t2i;
        float b5r = g0r - g2r, b5i = g0i - g2i;
        float b6r = t1r - t3i, b6i = t1i + t3r;
        float b7r = g1r - g3i, b7i = g1i + g3r;
        if (p == 0) {
          yr[j + s] = b1r; yi[j + s] = b1i;
          yr[j + 2 * s] = b2r; yi[j + 2 * s] = b2i;
          yr[j + 3 * s] = b3r; yi[j + 3 * s] = b3i;
          yr[j + 4 * s] = b4r; yi[j + 4 * s] = b4i;
          yr[j + 5 * s] = b5r; yi[j + 5 * s] = b5i;
          yr[j + 6 * s] = b6r; yi[j + 6 * s] = b6i;
          yr[j + 7 * s] = b7r; yi[j + 7 * s] = b7i;
        } else {
          float w1r = twRe[t + 0], w1i = twIm[t + 0];
          yr[j + 1 * s] = b1r * w1r - b1i * w1i;
          yi[j + 1 * s] = b1r * w1i + b1i * w1r;
          float w2r = twRe[t + 1], w2i = twIm[t + 1];
          yr[j + 2 * s] = b2r * w2r - b2i * w2i;
          yi[j + 2 * s] = b2r * w2i + b2i * w2r;
          float w3r = twRe[t + 2], w3i = twIm[t + 2];
          yr[j + 3 * s] = b3r * w3r - b3i * w3i;
          yi[j + 3 * s] = b3r * w3i + b3i * w3r;
          float w4r = twRe[t + 3], w4i = twIm[t + 3];
          yr[j + 4 * s] = b4r * w4r - b4i * w4i;
          yi[j + 4 * s] = b4r * w4i + b4i * w4r;
          float w5r = twRe[t + 4], w5i = twIm[t + 4];
          yr[j + 5 * s] = b5r * w5r - b5i * w5i;
          yi[j + 5 * s] = b5r * w5i + b5i * w5r;
          float w6r = twRe[t + 5], w6i = twIm[t + 5];
          yr[j + 6 * s] = b6r * w6r - b6i * w6i;
          yi[j + 6 * s] = b6r * w6i + b6i * w6r;
          float w7r = twRe[t + 6], w7i = twIm[t + 6];
          yr[j + 7 * s] = b7r * w7r - b7i * w7i;
          yi[j + 7 * s] = b7r * w7i + b7i * w7r;
        }
      }
    }
  }

  private void radix4(float[] xr, float[] xi, float[] yr, float[] yi, int m, int s, int o) {
    int sm = s * m;
    float[] twRe = plan.twRe, twIm = plan.twIm;
    for (int p = 0; p < m; p++) {
      int t = o + 3 * p;
      float w1r = twRe[t], w1i = twIm[t], w2r = twRe[t + 1], w2i = twIm[t + 1], w3r = twRe[t + 2], w3i = twIm[t + 2];
      for (int q = 0; q < s; q++) {
        int i0 = s * p + q;
        float a0r = xr[i0], a0i = xi[i0];
        float a1r = xr[i0 + sm], a1i = xi[i0 + sm];
        float a2r = xr[i0 + 2 * sm], a2i = xi[i0 + 2 * sm];
        float a3r = xr[i0 + 3 * sm], a3i = xi[i0 + 3 * sm];
        float t0r = a0r + a2r, t0i = a0i + a2i;
        float t1r = a0r - a2r, t1i = a0i - a2i;
        float t2r = a1r + a3r, t2i = a1i + a3i;
        float t3r = a1r - a3r, t3i = a1i - a3i;
        int j = s * 4 * p + q;
        yr[j] = t0r + t2r;
        yi[j] = t0i + t2i;
        float b1r = t1r + t3i, b1i = t1i - t3r;
        float b2r = t0r - t2r, b2i = t0i - t2i;
        float b3r = t1r - t3i, b3i = t1i + t3r;
        if (p == 0) {
          yr[j + s] = b1r;
          yi[j + s] = b1i;
          yr[j + 2 * s] = b2r;
          yi[j + 2 * s] = b2i;
          yr[j + 3 * s] = b3r;
          yi[j + 3 * s] = b3i;
        } else {
          yr[j + s] = b1r * w1r - b1i * w1i;
          yi[j + s] = b1r * w1i + b1i * w1r;
          yr[j + 2 * s] = b2r * w2r - b2i * w2i;
          yi[j + 2 * s] = b2r * w2i + b2i * w2r;
          yr[j + 3 * s] = b3r * w3r - b3i * w3i;
          yi[j + 3 * s] = b3r * w3i + b3i * w3r;
        }
      }
    }
  }

  private void radix2(float[] xr, float[] xi, float[] yr, float[] yi, int m, int s, int o) {
    int sm = s * m;
    float[] twRe = plan.twRe, twIm = plan.twIm;
    for (int p = 0; p < m; p++) {
      float w0 = twRe[o + p], w1 = twIm[o + p];
      for (int q = 0; q < s; q++) {
        int i0 = s * p + q;
        float a_r = xr[i0], a_i = xi[i0], b_r = xr[i0 + sm], b_i = xi[i0 + sm];
        int j = s * 2 * p + q;
        yr[j] = a_r + b_r;
        yi[j] = a_i + b_i;
        float dr = a_r - b_r, di = a_i - b_i;
        if (p == 0) {
          yr[j + s] = dr;
          yi[j + s] = di;
        } else {
          yr[j + s] = dr * w0 - di * w1;
          yi[j + s] = dr * w1 + di * w0;
        }
      }
    }
  }

  private void radix3(float[] xr, float[] xi, float[] yr, float[] yi, int m, int s, int o) {
    int sm = s * m;
    float[] twRe = plan.twRe, twIm = plan.twIm;
    for (int p = 0; p < m; p++) {
      int t = o + 2 * p;
      float w1r = twRe[t], w1i = twIm[t], w2r = twRe[t + 1], w2i = twIm[t + 1];
      for (int q = 0; q < s; q++) {
        int i0 = s * p + q;
        float a0r = xr[i0], a0i = xi[i0];
        float a1r = xr[i0 + sm], a1i = xi[i0 + sm];
        float a2r = xr[i0 + 2 * sm], a2i = xi[i0 + 2 * sm];
        float sr = a1r + a2r, si = a1i + a2i;
        float dr = a1r - a2r, di = a1i - a2i;
        float mr = a0r - sr * 0.5f, mi = a0i - si * 0.5f;
        int j = s * 3 * p + q;
        yr[j] = a0r + sr;
        yi[j] = a0i + si;
        float b1r = mr + di * SIN60, b1i = mi - dr * SIN60;
        float b2r = mr - di * SIN60, b2i = mi + dr * SIN60;
        if (p == 0) {
          yr[j + s] = b1r;
          yi[j + s] = b1i;
          yr[j + 2 * s] = b2r;
          yi[j + 2 * s] = b2i;
        } else {
          yr[j + s] = b1r * w1r - b1i * w1i;
          yi[j + s] = b1r * w1i + b1i * w1r;
          yr[j + 2 * s] = b2r * w2r - b2i * w2i;
          yi[j + 2 * s] = b2r * w2i + b2i * w2r;
        }
      }
    }
  }

  private void radix5(float[] xr, float[] xi, float[] yr, float[] yi, int m, int s, int o) {
    int sm = s * m;
    float[] twRe = plan.twRe, twIm = plan.twIm;
    for (int p = 0; p < m; p++) {
      int t = o + 4 * p;
      float w1r = twRe[t], w1i = twIm[t], w2r = twRe[t + 1], w2i = twIm[t + 1];
      float w3r = twRe[t + 2], w3i = twIm[t + 2], w4r = twRe[t + 3], w4i = twIm[t + 3];
      for (int q = 0; q < s; q++) {
        int i0 = s * p + q;
        float a0r = xr[i0], a0i = xi[i0];
        float a1r = xr[i0 + sm], a1i = xi[i0 + sm];
        float a2r = xr[i0 + 2 * sm], a2i = xi[i0 + 2 * sm];
        float a3r = xr[i0 + 3 * sm], a3i = xi[i0 + 3 * sm];
        float a4r = xr[i0 + 4 * sm], a4i = xi[i0 + 4 * sm];
        float t1r = a1r + a4r, t1i = a1i + a4i, t3r = a1r - a4r, t3i = a1i - a4i;
        float t2r = a2r + a3r, t2i = a2i + a3i, t4r = a2r - a3r, t4i = a2i - a3i;
        float m1r = a0r + t1r * C1 + t2r * C2, m1i = a0i + t1i * C1 + t2i * C2;
        float m2r = a0r + t1r * C2 + t2r * C1, m2i = a0i + t1i * C2 + t2i * C1;
        float n1r = t3r * S1 + t4r * S2, n1i = t3i * S1 + t4i * S2;
        float n2r = t3r * S2 - t4r * S1, n2i = t3i * S2 - t4i * S1;
        int j = s * 5 * p + q;
        yr[j] = a0r + t1r + t2r;
        yi[j] = a0i + t1i + t2i;
        float b1r = m1r + n1i, b1i = m1i - n1r;
        float b4r = m1r - n1i, b4i = m1i + n1r;
        float b2r = m2r + n2i, b2i = m2i - n2r;
        float b3r = m2r - n2i, b3i = m2i + n2r;
        if (p == 0) {
          yr[j + s] = b1r;
          yi[j + s] = b1i;
          yr[j + 2 * s] = b2r;
          yi[j + 2 * s] = b2i;
          yr[j + 3 * s] = b3r;
          yi[j + 3 * s] = b3i;
          yr[j + 4 * s] = b4r;
          yi[j + 4 * s] = b4i;
        } else {
          yr[j + s] = b1r * w1r - b1i * w1i;
          yi[j + s] = b1r * w1i + b1i * w1r;
          yr[j + 2 * s] = b2r * w2r - b2i * w2i;
          yi[j + 2 * s] = b2r * w2i + b2i * w2r;
          yr[j + 3 * s] = b3r * w3r - b3i * w3i;
          yi[j + 3 * s] = b3r * w3i + b3i * w3r;
          yr[j + 4 * s] = b4r * w4r - b4i * w4i;
          yi[j + 4 * s] = b4r * w4i + b4i * w4r;
        }
      }
    }
  }
}
