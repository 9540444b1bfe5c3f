package io.themachine.audio.internal.cpu;

/**
 * A small double-precision real FFT of a power-of-two size {@code 2n}, through one complex
 * radix-2 FFT of size {@code n} and the usual even/odd split. Private to YIN's autocorrelation
 * (the feature kernels have their own mixed-radix FFT; the two are to be merged). Forward is the
 * unnormalised DFT {@code X[k] = sum x[j] e^(-2 pi i j k / 2n)}, {@code k = 0..n}; inverse takes
 * such a half spectrum back to {@code 2n} real samples, scaled by {@code 1 / 2n}. No allocation
 * after construction; not thread-safe.
 */
final class YinFft {
  private final int n; // complex size
  private final double[] cos; // e^(-2 pi i k / n) for the complex FFT, k < n / 2
  private final double[] sin;
  private final double[] wr; // e^(-2 pi i k / 2n), k <= n, for the split
  private final double[] wi;
  private final int[] rev;
  private final double[] zr;
  private final double[] zi;

  YinFft(int realSize) {
    if (realSize < 4 || Integer.bitCount(realSize) != 1) throw new IllegalArgumentException("size must be a power of two: " + realSize);
    n = realSize / 2;
    cos = new double[Math.max(1, n / 2)];
    sin = new double[Math.max(1, n / 2)];
    for (int k = 0; k < n / 2; k++) {
      cos[k] = Math.cos(2 * Math.PI * k / n);
      sin[k] = -Math.sin(2 * Math.PI * k / n);
    }
    wr = new double[n + 1];
    wi = new double[n + 1];
    for (int k = 0; k <= n; k++) {
      wr[k] = Math.cos(Math.PI * k / n);
      wi[k] = -Math.sin(Math.PI * k / n);
    }
    rev = new int[n];
    int bits = Integer.numberOfTrailingZeros(n);
    for (int i = 0; i < n; i++) rev[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
    zr = new double[n];
    zi = new double[n];
  }

  /** {@code x[0..2n)} real to {@code re/im[0..n]}. */
  void forward(double[] x, double[] re, double[] im) {
    for (int k = 0; k < n; k++) {
      int r = rev[k];
      zr[r] = x[2 * k];
      zi[r] = x[2 * k + 1];
    }
    complex(zr, zi, false);
    for (int k = 0; k <= n; k++) {
      int a = k == n ? 0 : k, b = k == 0 ? 0 : n - k;
      double ar = zr[a], ai = zi[a], br = zr[b], bi = -zi[b]; // Z[k], conj(Z[n-k])
      double er = 0.5 * (ar + br), ei = 0.5 * (ai + bi); // even part
      double or = 0.5 * (ai - bi), oi = -0.5 * (ar - br); // odd part: (Z - conj) / 2i
      re[k] = er + wr[k] * or - wi[k] * oi;
      im[k] = ei + wr[k] * oi + wi[k] * or;
    }
  }

  /** Half spectrum {@code re/im[0..n]} (Hermitian) to {@code x[0..2n)} real, scaled by {@code 1 / 2n}. */
  void inverse(double[] re, double[] im, double[] x) {
    for (int k = 0; k < n; k++) {
      double ar = re[k], ai = im[k], br = re[n - k], bi = -im[n - k]; // X[k], conj(X[n-k])
      double er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
      double dr = 0.5 * (ar - br), di = 0.5 * (ai - bi);
      // odd part: (X[k] - conj(X[n-k])) / 2 * e^(+2 pi i k / 2n)
      double or = dr * wr[k] + di * wi[k], oi = di * wr[k] - dr * wi[k];
      int r = rev[k];
      zr[r] = er - oi; // Z = E + i O
      zi[r] = ei + or;
    }
    complex(zr, zi, true);
    double s = 1.0 / n;
    for (int k = 0; k < n; k++) {
      x[2 * k] = zr[k] * s;
      x[2 * k + 1] = zi[k] * s;
    }
  }

  /**
   * In-place iterative radix-2 on bit-reversed input; {@code inverse} conjugates the twiddles. The
   * first stage needs no multiplies; later stages go two at a time (radix 2^2: four points per
   * butterfly, {@code w(L/2)^j = w(L)^2j} and {@code w(L)^(j + L/4) = -i w(L)^j}), halving the
   * passes over the data.
   */
  private void complex(double[] re, double[] im, boolean inverse) {
    for (int i = 0; i < n; i += 2) {
      double ar = re[i], ai = im[i], br = re[i + 1], bi = im[i + 1];
      re[i] = ar + br;
      im[i] = ai + bi;
      re[i + 1] = ar - br;
      im[i + 1] = ai - bi;
    }
    int len = 4;
    for (; len * 2 <= n; len <<= 2) {
      int big = len * 2, q1 = len / 2, stride = n / big; // stages len and 2 len fused
      for (int j = 0; j < q1; j++) {
        double w1r = cos[j * stride], w1i = inverse ? -sin[j * stride] : sin[j * stride];
        double w2r = cos[2 * j * stride], w2i = inverse ? -sin[2 * j * stride] : sin[2 * j * stride];
        for (int p0 = j; p0 < n; p0 += big) {
          int p1 = p0 + q1, p2 = p0 + len, p3 = p2 + q1;
          // stage len: (p0, p1) and (p2, p3) with w(len)^j = w2
          double t1r = re[p1] * w2r - im[p1] * w2i, t1i = re[p1] * w2i + im[p1] * w2r;
          double t3r = re[p3] * w2r - im[p3] * w2i, t3i = re[p3] * w2i + im[p3] * w2r;
          double ar = re[p0] + t1r, ai = im[p0] + t1i, br = re[p0] - t1r, bi = im[p0] - t1i;
          double cr = re[p2] + t3r, ci = im[p2] + t3i, dr = re[p2] - t3r, di = im[p2] - t3i;
          // stage 2 len: (p0, p2) with w1, (p1, p3) with w1 times -i (forward) or +i (inverse)
          double ur = cr * w1r - ci * w1i, ui = cr * w1i + ci * w1r;
          double vr = dr * w1r - di * w1i, vi = dr * w1i + di * w1r;
          double xr = inverse ? -vi : vi, xi = inverse ? vr : -vr; // (-i) v forward, (+i) v inverse
          re[p0] = ar + ur;
          im[p0] = ai + ui;
          re[p2] = ar - ur;
          im[p2] = ai - ui;
          re[p1] = br + xr;
          im[p1] = bi + xi;
          re[p3] = br - xr;
          im[p3] = bi - xi;
        }
      }
    }
    for (; len <= n; len <<= 1) { // a last single radix-2 stage when the count is odd
      int halfLen = len >> 1, stride = n / len;
      for (int j = 0; j < halfLen; j++) {
        double c = cos[j * stride], sn = inverse ? -sin[j * stride] : sin[j * stride];
        for (int p = j; p < n; p += len) {
          int q = p + halfLen;
          double tr = re[q] * c - im[q] * sn, ti = re[q] * sn + im[q] * c;
          re[q] = re[p] - tr;
          im[q] = im[p] - ti;
          re[p] += tr;
          im[p] += ti;
        }
      }
    }
  }
}
