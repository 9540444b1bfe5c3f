package io.themachine.audio.internal.cpu;

/**
 * Real-input FFT of size {@code n}: for even {@code n} the samples are packed as a complex
 * sequence of {@code n / 2} ({@code z_k = x_{2k} + i x_{2k+1}}) and split afterwards, so it costs
 * about one complex FFT of {@code n / 2}; odd sizes use a complex FFT of {@code n}. Output bins
 * {@code 0 .. n/2} (numpy's {@code rfft} layout), unnormalised. Not thread-safe; allocation-free per call.
 */
public final class RealFft {
  private final int n;
  private final int bins;
  private final ComplexFft fft;
  private final double[] zr;
  private final double[] zi;
  private final double[] wr; // e^{-2 pi i k / n}, k = 0 .. n/2
  private final double[] wi;

  public RealFft(int n) {
    this(n, true);
  }

  /** {@code vector}: allow the Vector API stages (false: scalar reference). */
  public RealFft(int n, boolean vector) {
    if (n < 1) throw new IllegalArgumentException("FFT size must be positive: " + n);
    this.n = n;
    this.bins = n / 2 + 1;
    int c = (n % 2 == 0) ? n / 2 : n;
    fft = new ComplexFft(c, vector);
    zr = new double[c];
    zi = new double[c];
    wr = new double[bins];
    wi = new double[bins];
    for (int k = 0; k < bins; k++) {
      double a = -2.0 * Math.PI * k / n;
      wr[k] = Math.cos(a);
      wi[k] = Math.sin(a);
    }
  }

  public int size() {
    return n;
  }

  public int bins() {
    return bins;
  }

  /** True when {@link #packedRe()}/{@link #forwardPackedPower} can be used (even sizes). */
  public boolean packable() {
    return (n & 1) == 0;
  }

  /** The packed input for even sizes: fill {@code packedRe()[k] = x[2k]}, {@code packedIm()[k] = x[2k+1]}. */
  public double[] packedRe() {
    return zr;
  }

  public double[] packedIm() {
    return zi;
  }

  /**
   * Even sizes: transforms the packed input (see {@link #packedRe()}) and writes {@code |X_k|^2},
   * {@code k = 0 .. n/2}, without storing the spectrum: window, packing and power fused into the
   * passes the FFT makes anyway.
   */
  public void forwardPackedPower(double[] power) {
    int h = n / 2;
    fft.forward(zr, zi);
    double r0 = zr[0] + zi[0], rh = zr[0] - zi[0];
    power[0] = r0 * r0;
    power[h] = rh * rh;
    for (int k = 1; k < h; k++) {
      double ar = zr[k], ai = zi[k];
      double cr = zr[h - k], ci = -zi[h - k];
      double er = 0.5 * (ar + cr), ei = 0.5 * (ai + ci);
      double or = 0.5 * (ai - ci), oi = -0.5 * (ar - cr);
      double w0 = wr[k], w1 = wi[k];
      double xr = er + or * w0 - oi * w1;
      double xi = ei + or * w1 + oi * w0;
      power[k] = xr * xr + xi * xi;
    }
  }

  /** {@code x[0 .. n)} to {@code re, im [0 .. n/2]}. */
  public void forward(double[] x, double[] re, double[] im) {
    if ((n & 1) == 1) {
      System.arraycopy(x, 0, zr, 0, n);
      java.util.Arrays.fill(zi, 0.0);
      fft.forward(zr, zi);
      System.arraycopy(zr, 0, re, 0, bins);
      System.arraycopy(zi, 0, im, 0, bins);
      return;
    }
    int h = n / 2;
    for (int k = 0; k < h; k++) {
      zr[k] = x[2 * k];
      zi[k] = x[2 * k + 1];
    }
    fft.forward(zr, zi);
    // X_k = Xe_k + W^k Xo_k with Xe = (Z_k + conj Z_{h-k}) / 2, Xo = -i (Z_k - conj Z_{h-k}) / 2.
    re[0] = zr[0] + zi[0];
    im[0] = 0.0;
    re[h] = zr[0] - zi[0];
    im[h] = 0.0;
    for (int k = 1; k < h; k++) {
      double ar = zr[k], ai = zi[k];
      double cr = zr[h - k], ci = -zi[h - k];
      double er = 0.5 * (ar + cr), ei = 0.5 * (ai + ci);
      double dr = ar - cr, di = ai - ci;
      double or = 0.5 * di, oi = -0.5 * dr;
      double w0 = wr[k], w1 = wi[k];
      re[k] = er + or * w0 - oi * w1;
      im[k] = ei + or * w1 + oi * w0;
    }
  }

  /**
   * Inverse of {@link #forward} with the {@code 1/n} factor, like numpy's {@code irfft}: the
   * imaginary parts of bin 0 and (even {@code n}) bin {@code n/2} are ignored. Overwrites nothing
   * but {@code x}.
   */
  public void inverse(double[] re, double[] im, double[] x) {
    if ((n & 1) == 1) {
      zr[0] = re[0];
      zi[0] = 0.0;
      for (int k = 1; k < bins; k++) {
        zr[k] = re[k]; zi[k] = im[k];
        zr[n - k] = re[k]; zi[n - k] = -im[k];
      }
      fft.inverse(zr, zi);
      System.arraycopy(zr, 0, x, 0, n);
      return;
    }
    int h = n / 2;
    for (int k = 0; k < h; k++) {
      double ar = re[k], ai = k == 0 ? 0.0 : im[k];
      double cr = re[h - k], ci = (k == 0) ? 0.0 : -im[h - k];
      double er = 0.5 * (ar + cr), ei = 0.5 * (ai + ci);
      double dr = 0.5 * (ar - cr), di = 0.5 * (ai - ci);
      // Xo = (X_k - conj X_{h-k}) / 2 * conj(W^k)
      double w0 = wr[k], w1 = -wi[k];
      double or = dr * w0 - di * w1, oi = dr * w1 + di * w0;
      // Z = Xe + i Xo
      zr[k] = er - oi;
      zi[k] = ei + or;
    }
    fft.inverse(zr, zi);
    for (int k = 0; k < h; k++) {
      x[2 * k] = zr[k];
      x[2 * k + 1] = zi[k];
    }
  }
}
