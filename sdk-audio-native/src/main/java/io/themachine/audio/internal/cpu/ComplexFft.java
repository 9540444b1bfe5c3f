package io.themachine.audio.internal.cpu;

/**
 * Mixed-radix complex FFT in double precision: Stockham autosort (decimation in frequency, natural
 * order in and out, no bit reversal), radix 4 first, then 2, 3, 5 and a generic odd radix. A plan
 * precomputes every stage's twiddles once; {@link #forward} allocates nothing. Not thread-safe (it
 * owns its scratch): one plan per thread.
 *
 * <p>Stage with length {@code L}, radix {@code r}, stride {@code s}, {@code m = L / r}: for each
 * {@code p < m}, {@code q < s}: {@code b_u = sum_t x[q + s (p + t m)] w_r^{t u}} and
 * {@code y[q + s (r p + u)] = b_u w_L^{p u}}; then recurse on {@code L / r} with stride {@code s r}.
 */
public final class ComplexFft {
  private final int n;
  private final int[] radix;
  private final int[] twOffset;
  private final double[] twRe;
  private final double[] twIm;
  private final double[] sRe;
  private final double[] sIm;
  // generic-radix scratch and roots of unity per distinct radix
  private final double[] gRe;
  private final double[] gIm;
  private final double[][] rootRe;
  private final double[][] rootIm;

  /** Vectorised stages (radix 4 and 2 with a stride that is a multiple of the lanes). */
  interface Stages {
    int lanes();

    void radix4(double[] xr, double[] xi, double[] yr, double[] yi, int m, int s, double[] twRe, double[] twIm, int o);

    void radix2(double[] xr, double[] xi, double[] yr, double[] yi, int m, int s, double[] twRe, double[] twIm, int o);
  }

  /**
   * Loads the vector stages once where {@code Backend.VECTOR}'s probe (the one shared by every
   * kernel, switched off by {@code -Dthemachine.vector.off=true}) succeeds. Never throws.
   */
  private static final class VectorHolder {
    static final Stages STAGES = probe();

    private static Stages probe() {
      try {
        if (!io.themachine.audio.Backend.VECTOR.availability().available()) return null;
        Class<?> c = Class.forName("io.themachine.audio.internal.cpu.VectorFftStages");
        Stages s = (Stages) c.getDeclaredConstructor().newInstance();
        return s.lanes() >= 2 ? s : null;
      } catch (Throwable t) {
        return null;
      }
    }
  }

  /** The vector stages when the Vector API is usable here, else null. */
  public static boolean vectorAvailable() {
    return VectorHolder.STAGES != null;
  }

  static Stages vectorStages() {
    return VectorHolder.STAGES;
  }

  private final Stages vec;

  public ComplexFft(int n) {
    this(n, true);
  }

  /** {@code vector}: use the Vector API stages where available (false: the scalar reference only). */
  public ComplexFft(int n, boolean vector) {
    this.vec = vector ? VectorHolder.STAGES : null;
    if (n < 1) throw new IllegalArgumentException("FFT size must be positive: " + n);
    this.n = n;
    int[] f = new int[32];
    int k = 0;
    int rest = n;
    while (rest % 4 == 0) { f[k++] = 4; rest /= 4; }
    while (rest % 2 == 0) { f[k++] = 2; rest /= 2; }
    for (int p = 3; rest > 1; p += 2) {
      while (rest % p == 0) {
        if (k == f.length) f = java.util.Arrays.copyOf(f, k * 2);
        f[k++] = p;
        rest /= p;
      }
      if ((long) p * p > rest && rest > 1) {
        if (k == f.length) f = java.util.Arrays.copyOf(f, k * 2);
        f[k++] = rest;
        rest = 1;
      }
    }
    radix = java.util.Arrays.copyOf(f, k);
    twOffset = new int[k + 1];
    int len = n;
    int total = 0;
    int maxR = 1;
    for (int st = 0; st < k; st++) {
      int r = radix[st];
      maxR = Math.max(maxR, r);
      twOffset[st] = total;
      total += (len / r) * (r - 1);
      len /= r;
    }
    twOffset[k] = total;
    twRe = new double[total];
    twIm = new double[total];
    len = n;
    for (int st = 0; st < k; st++) {
      int r = radix[st];
      int m = len / r;
      int o = twOffset[st];
      for (int p = 0; p < m; p++) {
        for (int u = 1; u < r; u++) {
          long pu = ((long) p * u) % len;
          double a = -2.0 * Math.PI * pu / len;
          twRe[o + p * (r - 1) + u - 1] = Math.cos(a);
          twIm[o + p * (r - 1) + u - 1] = Math.sin(a);
        }
      }
      len /= r;
    }
    sRe = new double[n];
    sIm = new double[n];
    gRe = new double[maxR];
    gIm = new double[maxR];
    rootRe = new double[maxR + 1][];
    rootIm = new double[maxR + 1][];
    for (int r : radix) {
      if (r > 4 && rootRe[r] == null) {
        rootRe[r] = new double[r];
        rootIm[r] = new double[r];
        for (int j = 0; j < r; j++) {
          double a = -2.0 * Math.PI * j / r;
          rootRe[r][j] = Math.cos(a);
          rootIm[r][j] = Math.sin(a);
        }
      }
    }
  }

  public int size() {
    return n;
  }

  int[] radices() {
    return radix;
  }

  int[] twiddleOffsets() {
    return twOffset;
  }

  double[] twiddleRe() {
    return twRe;
  }

  double[] twiddleIm() {
    return twIm;
  }

  /**
   * A batch plan that transforms {@code lanes} frames at once with the Vector API (lane = frame),
   * or null when the Vector API is unusable here or {@code n} needs a radix other than 2, 3, 4, 5.
   * Each lane does exactly the scalar plan's arithmetic, so results equal the per-frame path.
   */
  public static BatchRfft batch(int realSize) {
    if (VectorHolder.STAGES == null || (realSize & 1) == 1 || realSize < 4) return null;
    ComplexFft plan = new ComplexFft(realSize / 2, false);
    for (int r : plan.radix) if (r != 2 && r != 3 && r != 4 && r != 5) return null;
    try {
      Class<?> c = Class.forName("io.themachine.audio.internal.cpu.VectorBatchRfft");
      return (BatchRfft) c.getDeclaredConstructor(int.class, ComplexFft.class).newInstance(realSize, plan);
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  /** In-place unnormalised forward DFT, {@code X_k = sum_j x_j e^{-2 pi i j k / n}}. */
  public void forward(double[] re, double[] im) {
    double[] xr = re, xi = im, yr = sRe, yi = sIm;
    int len = n;
    int s = 1;
    for (int st = 0; st < radix.length; st++) {
      int r = radix[st];
      int m = len / r;
      int o = twOffset[st];
      boolean v = vec != null && s % vec.lanes() == 0;
      switch (r) {
        case 4 -> { if (v) vec.radix4(xr, xi, yr, yi, m, s, twRe, twIm, o); else radix4(xr, xi, yr, yi, m, s, o); }
        case 2 -> { if (v) vec.radix2(xr, xi, yr, yi, m, s, twRe, twIm, o); else radix2(xr, xi, yr, yi, m, s, o); }
        case 3 -> radix3(xr, xi, yr, yi, m, s, o);
        case 5 -> radix5(xr, xi, yr, yi, m, s, o);
        default -> radixGeneric(xr, xi, yr, yi, m, s, o, r);
      }
      double[] t = xr; xr = yr; yr = t;
      t = xi; xi = yi; yi = t;
      len = m;
      s *= r;
    }
    if (xr != re) {
      System.arraycopy(xr, 0, re, 0, n);
      System.arraycopy(xi, 0, im, 0, n);
    }
  }

  /** In-place inverse DFT including the {@code 1/n} factor. */
  public void inverse(double[] re, double[] im) {
    forward(im, re); // swapping real and imaginary parts conjugates input and output
    double inv = 1.0 / n;
    for (int i = 0; i < n; i++) { re[i] *= inv; im[i] *= inv; }
  }

  private void radix4(double[] xr, double[] xi, double[] yr, double[] yi, int m, int s, int o) {
    int sm = s * m;
    for (int p = 0; p < m; p++) {
      int t = o + 3 * p;
      double w1r = twRe[t], w1i = twIm[t], w2r = twRe[t + 1], w2i = twIm[t + 1], w3r = twRe[t + 2], w3i = twIm[t + 2];
      int in = s * p;
      int out = s * 4 * p;
      for (int q = 0; q < s; q++) {
        int i0 = in + q;
        double a0r = xr[i0], a0i = xi[i0];
        double a1r = xr[i0 + sm], a1i = xi[i0 + sm];
        double a2r = xr[i0 + 2 * sm], a2i = xi[i0 + 2 * sm];
        double a3r = xr[i0 + 3 * sm], a3i = xi[i0 + 3 * sm];
        double t0r = a0r + a2r, t0i = a0i + a2i;
        double t1r = a0r - a2r, t1i = a0i - a2i;
        double t2r = a1r + a3r, t2i = a1i + a3i;
        double t3r = a1r - a3r, t3i = a1i - a3i;
        int j = out + q;
        yr[j] = t0r + t2r;
        yi[j] = t0i + t2i;
        double b1r = t1r + t3i, b1i = t1i - t3r; // t1 - i t3
        double b2r = t0r - t2r, b2i = t0i - t2i;
        double b3r = t1r - t3i, b3i = t1i + t3r; // t1 + i t3
        yr[j + s] = b1r * w1r - b1i * w1i;
        yi[j + s] = b1r * w1i + b1i * w1r;
        yr[j + 2 * s] = b2r * w2r - b2i * w2i;
        yi[j + 2 * s] = b2r * w2i + b2i * w2r;
        yr[j + 3 * s] = b3r * w3r - b3i * w3i;
        yi[j + 3 * s] = b3r * w3i + b3i * w3r;
      }
    }
  }

  private void radix2(double[] xr, double[] xi, double[] yr, double[] yi, int m, int s, int o) {
    int sm = s * m;
    for (int p = 0; p < m; p++) {
      double wr = twRe[o + p], wi = twIm[o + p];
      int in = s * p;
      int out = s * 2 * p;
      for (int q = 0; q < s; q++) {
        int i0 = in + q;
        double ar = xr[i0], ai = xi[i0], br = xr[i0 + sm], bi = xi[i0 + sm];
        int j = out + q;
        yr[j] = ar + br;
        yi[j] = ai + bi;
        double dr = ar - br, di = ai - bi;
        yr[j + s] = dr * wr - di * wi;
        yi[j + s] = dr * wi + di * wr;
      }
    }
  }

  private static final double SIN60 = 0.8660254037844386467637;

  private void radix3(double[] xr, double[] xi, double[] yr, double[] yi, int m, int s, int o) {
    int sm = s * m;
    for (int p = 0; p < m; p++) {
      int t = o + 2 * p;
      double w1r = twRe[t], w1i = twIm[t], w2r = twRe[t + 1], w2i = twIm[t + 1];
      int in = s * p;
      int out = s * 3 * p;
      for (int q = 0; q < s; q++) {
        int i0 = in + q;
        double a0r = xr[i0], a0i = xi[i0];
        double a1r = xr[i0 + sm], a1i = xi[i0 + sm];
        double a2r = xr[i0 + 2 * sm], a2i = xi[i0 + 2 * sm];
        double sr = a1r + a2r, si = a1i + a2i;
        double dr = a1r - a2r, di = a1i - a2i;
        double mr = a0r - 0.5 * sr, mi = a0i - 0.5 * si;
        int j = out + q;
        yr[j] = a0r + sr;
        yi[j] = a0i + si;
        double b1r = mr + SIN60 * di, b1i = mi - SIN60 * dr;
        double b2r = mr - SIN60 * di, b2i = mi + SIN60 * dr;
        yr[j + s] = b1r * w1r - b1i * w1i;
        yi[j + s] = b1r * w1i + b1i * w1r;
        yr[j + 2 * s] = b2r * w2r - b2i * w2i;
        yi[j + 2 * s] = b2r * w2i + b2i * w2r;
      }
    }
  }

  private static final double C1 = 0.30901699437494745; // cos(2 pi / 5)
  private static final double C2 = -0.8090169943749475; // cos(4 pi / 5)
  private static final double S1 = 0.9510565162951535; // sin(2 pi / 5)
  private static final double S2 = 0.5877852522924731; // sin(4 pi / 5)

  /** Radix 5 with the symmetric pairs (a1 +- a4, a2 +- a3): 400 = 2^4 * 5^2 needs two of these stages. */
  private void radix5(double[] xr, double[] xi, double[] yr, double[] yi, int m, int s, int o) {
    int sm = s * m;
    for (int p = 0; p < m; p++) {
      int t = o + 4 * p;
      double w1r = twRe[t], w1i = twIm[t], w2r = twRe[t + 1], w2i = twIm[t + 1];
      double w3r = twRe[t + 2], w3i = twIm[t + 2], w4r = twRe[t + 3], w4i = twIm[t + 3];
      int in = s * p;
      int out = s * 5 * p;
      for (int q = 0; q < s; q++) {
        int i0 = in + q;
        double a0r = xr[i0], a0i = xi[i0];
        double a1r = xr[i0 + sm], a1i = xi[i0 + sm];
        double a2r = xr[i0 + 2 * sm], a2i = xi[i0 + 2 * sm];
        double a3r = xr[i0 + 3 * sm], a3i = xi[i0 + 3 * sm];
        double a4r = xr[i0 + 4 * sm], a4i = xi[i0 + 4 * sm];
        double t1r = a1r + a4r, t1i = a1i + a4i, t3r = a1r - a4r, t3i = a1i - a4i;
        double t2r = a2r + a3r, t2i = a2i + a3i, t4r = a2r - a3r, t4i = a2i - a3i;
        double m1r = a0r + C1 * t1r + C2 * t2r, m1i = a0i + C1 * t1i + C2 * t2i;
        double m2r = a0r + C2 * t1r + C1 * t2r, m2i = a0i + C2 * t1i + C1 * t2i;
        double n1r = S1 * t3r + S2 * t4r, n1i = S1 * t3i + S2 * t4i;
        double n2r = S2 * t3r - S1 * t4r, n2i = S2 * t3i - S1 * t4i;
        int j = out + q;
        yr[j] = a0r + t1r + t2r;
        yi[j] = a0i + t1i + t2i;
        double b1r = m1r + n1i, b1i = m1i - n1r; // m1 - i n1
        double b4r = m1r - n1i, b4i = m1i + n1r;
        double b2r = m2r + n2i, b2i = m2i - n2r;
        double b3r = m2r - n2i, b3i = m2i + n2r;
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

  private void radixGeneric(double[] xr, double[] xi, double[] yr, double[] yi, int m, int s, int o, int r) {
    int sm = s * m;
    double[] rr = rootRe[r], ri = rootIm[r];
    double[] ar = gRe, ai = gIm;
    for (int p = 0; p < m; p++) {
      int t = o + (r - 1) * p;
      int in = s * p;
      int out = s * r * p;
      for (int q = 0; q < s; q++) {
        int i0 = in + q;
        for (int k = 0; k < r; k++) { ar[k] = xr[i0 + k * sm]; ai[k] = xi[i0 + k * sm]; }
        int j = out + q;
        double s0r = 0, s0i = 0;
        for (int k = 0; k < r; k++) { s0r += ar[k]; s0i += ai[k]; }
        yr[j] = s0r;
        yi[j] = s0i;
        for (int u = 1; u < r; u++) {
          double br = ar[0], bi = ai[0];
          int idx = 0;
          for (int k = 1; k < r; k++) {
            idx += u;
            if (idx >= r) idx -= r;
            double cr = rr[idx], ci = ri[idx];
            br += ar[k] * cr - ai[k] * ci;
            bi += ar[k] * ci + ai[k] * cr;
          }
          double wr = twRe[t + u - 1], wi = twIm[t + u - 1];
          yr[j + u * s] = br * wr - bi * wi;
          yi[j + u * s] = br * wi + bi * wr;
        }
      }
    }
  }
}
