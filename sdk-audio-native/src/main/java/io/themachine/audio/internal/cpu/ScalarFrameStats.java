package io.themachine.audio.internal.cpu;

/** {@link FrameStats} in plain Java, the reference: four interleaved accumulators where the sum is long. */
public final class ScalarFrameStats implements FrameStats {
  private static final double LN2 = Math.log(2.0);

  @Override
  public void magnitude(double[] power, double[] freq, int bins, double amin, double[] mag, double[] out) {
    double sum = 0, wsum = 0, amean = 0, mant = 1.0;
    long exp = 0;
    for (int k = 0; k < bins; k++) {
      double p = power[k];
      double m = Math.sqrt(p);
      mag[k] = m;
      sum += m;
      wsum += freq[k] * m;
      double v = Math.max(amin, p);
      amean += v;
      // sum of ln(v) as the log of a running product of mantissas plus the summed binary
      // exponents: one Math.log per frame instead of one per bin (same value to ~1e-15)
      long bits = Double.doubleToRawLongBits(v);
      exp += ((bits >>> 52) & 0x7ff) - 1023;
      mant *= Double.longBitsToDouble((bits & 0x000fffffffffffffL) | 0x3ff0000000000000L);
      if ((k & 15) == 15) { // 16 factors in [1, 2) stay below 2^16: renormalise
        long mb = Double.doubleToRawLongBits(mant);
        exp += ((mb >>> 52) & 0x7ff) - 1023;
        mant = Double.longBitsToDouble((mb & 0x000fffffffffffffL) | 0x3ff0000000000000L);
      }
    }
    out[0] = sum;
    out[1] = wsum;
    out[2] = amean;
    out[3] = Math.log(mant) + exp * LN2;
  }

  @Override
  public double spread(double[] mag, double[] freq, int bins, double centre) {
    double s = 0;
    for (int k = 0; k < bins; k++) {
      double d = freq[k] - centre;
      s += mag[k] * d * d;
    }
    return s;
  }

  @Override
  public void chroma(double[] power, double[] w, int bins, int stride, double[] out) {
    java.util.Arrays.fill(out, 0, stride, 0.0);
    for (int k = 0; k < bins; k++) {
      double p = power[k];
      int o = k * stride;
      for (int c = 0; c < stride; c++) out[c] += w[o + c] * p;
    }
  }

  @Override
  public void timeStats(double[] x, int n, double threshold, double[] out) {
    int crossings = 0;
    double ss = 0;
    boolean prev = n > 0 && x[0] < -threshold;
    if (n > 0) ss = x[0] * x[0];
    for (int j = 1; j < n; j++) {
      boolean neg = x[j] < -threshold;
      crossings += neg != prev ? 1 : 0;
      prev = neg;
      ss += x[j] * x[j];
    }
    out[0] = crossings;
    out[1] = ss;
  }

  /** Insertion into a sorted list of q at {@code list[at ..]}, scanning down from hi (spectra mostly fall with frequency). */
  static double smallest(double[] x, int lo, int hi, int q, double[] list, int at) {
    for (int i = 0; i < q; i++) {
      double v = x[hi - i];
      int a = i;
      while (a > 0 && list[at + a - 1] > v) { list[at + a] = list[at + a - 1]; a--; }
      list[at + a] = v;
    }
    double cut = list[at + q - 1];
    for (int k = hi - q; k >= lo; k--) {
      double v = x[k];
      if (v < cut) {
        int i = q - 1;
        while (i > 0 && list[at + i - 1] > v) { list[at + i] = list[at + i - 1]; i--; }
        list[at + i] = v;
        cut = list[at + q - 1];
      }
    }
    double s = 0;
    for (int i = 0; i < q; i++) s += list[at + i];
    return s / q;
  }

  /** As {@link #smallest}, descending, scanning up from lo. */
  static double largest(double[] x, int lo, int hi, int q, double[] list, int at) {
    for (int i = 0; i < q; i++) {
      double v = x[lo + i];
      int a = i;
      while (a > 0 && list[at + a - 1] < v) { list[at + a] = list[at + a - 1]; a--; }
      list[at + a] = v;
    }
    double cut = list[at + q - 1];
    for (int k = lo + q; k <= hi; k++) {
      double v = x[k];
      if (v > cut) {
        int i = q - 1;
        while (i > 0 && list[at + i - 1] < v) { list[at + i] = list[at + i - 1]; i--; }
        list[at + i] = v;
        cut = list[at + q - 1];
      }
    }
    double s = 0;
    for (int i = 0; i < q; i++) s += list[at + i];
    return s / q;
  }
}
