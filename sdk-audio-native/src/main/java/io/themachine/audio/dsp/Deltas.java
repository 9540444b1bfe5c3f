package io.themachine.audio.dsp;

/**
 * librosa.feature.delta: a Savitzky-Golay derivative along frames ({@code scipy.signal.savgol_filter}
 * with {@code polyorder = deriv = order}, {@code mode='interp'}). With the polynomial degree equal
 * to the derivative order the fitted derivative is constant over a window, so each interior frame
 * gets its centred window's value and the first and last {@code width / 2} frames take the value of
 * the first and last full window (that is what 'interp' does).
 */
public final class Deltas {
  private Deltas() {}

  /** First-order deltas, width 9 (librosa's defaults). */
  public static FeatureMatrix delta(FeatureMatrix data) {
    return delta(data, 9, 1);
  }

  /**
   * @param width odd window, at least 3, at most the frame count (librosa's rule for mode 'interp')
   * @param order derivative order, at least 1
   */
  public static FeatureMatrix delta(FeatureMatrix data, int width, int order) {
    if (width < 3 || width % 2 == 0) throw new IllegalArgumentException("delta width must be odd and >= 3: " + width);
    if (order < 1) throw new IllegalArgumentException("delta order must be >= 1: " + order);
    int frames = data.frames();
    if (frames == 0) return FeatureMatrix.zeros(data.rows(), 0);
    if (width > frames) {
      throw new IllegalArgumentException("delta width " + width + " exceeds the " + frames + " frames (mode interp)");
    }
    double[] c = coefficients(width, order);
    int half = width / 2;
    float[] out = new float[data.data().length];
    float[] in = data.data();
    for (int r = 0; r < data.rows(); r++) {
      int o = r * frames;
      for (int t = half; t < frames - half; t++) {
        double acc = 0.0;
        for (int j = 0; j < width; j++) acc += c[j] * in[o + t - half + j];
        out[o + t] = (float) acc;
      }
      for (int t = 0; t < half; t++) out[o + t] = out[o + half];
      for (int t = frames - half; t < frames; t++) out[o + t] = out[o + frames - half - 1];
    }
    return new FeatureMatrix(data.rows(), frames, out);
  }

  /** {@code order! * a_order} of the least-squares polynomial of degree {@code order} over offsets {@code -h .. h}. */
  static double[] coefficients(int width, int order) {
    int h = width / 2;
    int p = order + 1;
    // normal equations A^T A a = A^T y, A[j][i] = (j - h)^i; solve for the rows of (A^T A)^-1 A^T
    double[][] ata = new double[p][p];
    for (int i = 0; i < p; i++) {
      for (int k = 0; k < p; k++) {
        double s = 0;
        for (int j = 0; j < width; j++) s += Math.pow(j - h, i) * Math.pow(j - h, k);
        ata[i][k] = s;
      }
    }
    double[][] inv = invert(ata);
    double fact = 1;
    for (int i = 2; i <= order; i++) fact *= i;
    double[] c = new double[width];
    for (int j = 0; j < width; j++) {
      double s = 0;
      for (int k = 0; k < p; k++) s += inv[order][k] * Math.pow(j - h, k);
      c[j] = fact * s;
    }
    return c;
  }

  private static double[][] invert(double[][] a) {
    int n = a.length;
    double[][] m = new double[n][2 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, m[i], 0, n);
      m[i][n + i] = 1;
    }
    for (int col = 0; col < n; col++) {
      int piv = col;
      for (int r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) piv = r;
      double[] t = m[col]; m[col] = m[piv]; m[piv] = t;
      double d = m[col][col];
      for (int k = 0; k < 2 * n; k++) m[col][k] /= d;
      for (int r = 0; r < n; r++) {
        if (r == col) continue;
        double f = m[r][col];
        for (int k = 0; k < 2 * n; k++) m[r][k] -= f * m[col][k];
      }
    }
    double[][] inv = new double[n][n];
    for (int i = 0; i < n; i++) System.arraycopy(m[i], n, inv[i], 0, n);
    return inv;
  }
}
