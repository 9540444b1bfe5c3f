package io.themachine.audio.internal.cuda;

/**
 * A dense mel filter bank as runs of consecutive non-zero bins per band: mel triangles are
 * contiguous, so a band is {@code (start, length)} plus its weights, about {@code 2 nFft} weights in
 * all instead of {@code nMels (nFft / 2 + 1)}. Zeros inside a run are kept; bands with no non-zero
 * weight get length 0.
 */
public record SparseBands(int[] start, int[] length, int[] weightBase, float[] weights) {

  public static SparseBands of(float[] dense, int nMels, int bins) {
    int[] start = new int[nMels], len = new int[nMels], base = new int[nMels];
    int total = 0;
    for (int m = 0; m < nMels; m++) {
      int lo = -1, hi = -1;
      for (int k = 0; k < bins; k++) {
        if (dense[m * bins + k] != 0f) {
          if (lo < 0) lo = k;
          hi = k;
        }
      }
      start[m] = lo < 0 ? 0 : lo;
      len[m] = lo < 0 ? 0 : hi - lo + 1;
      base[m] = total;
      total += len[m];
    }
    float[] w = new float[Math.max(1, total)];
    for (int m = 0; m < nMels; m++) {
      System.arraycopy(dense, m * bins + start[m], w, base[m], len[m]);
    }
    return new SparseBands(start, len, base, w);
  }

  /** Applies the bands to one power spectrum in double, as the kernel does (CPU model for tests). */
  public void apply(float[] power, double[] out) {
    for (int m = 0; m < start.length; m++) {
      double acc = 0;
      for (int j = 0; j < length[m]; j++) acc += (double) weights[weightBase[m] + j] * power[start[m] + j];
      out[m] = acc;
    }
  }
}
