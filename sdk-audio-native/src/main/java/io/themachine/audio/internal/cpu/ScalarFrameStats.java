package io.themachine.audio.internal.cpu;

/** {@link FrameStats} in plain Java, the reference. */
public final class ScalarFrameStats implements FrameStats {
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

  @Override
  public void timeStats(float[] x, int off, int n, double threshold, double[] out) {
    int crossings = 0;
    double ss = 0;
    boolean prev = n > 0 && x[off] < -threshold;
    if (n > 0) ss = (double) x[off] * x[off];
    for (int j = 1; j < n; j++) {
      double v = x[off + j];
      boolean neg = v < -threshold;
      crossings += neg != prev ? 1 : 0;
      prev = neg;
      ss += v * v;
    }
    out[0] = crossings;
    out[1] = ss;
  }
}
