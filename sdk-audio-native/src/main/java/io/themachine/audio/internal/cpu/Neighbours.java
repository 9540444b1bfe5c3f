package io.themachine.audio.internal.cpu;

import java.util.Arrays;

/**
 * REPET-SIM's neighbour set for one frame: the {@code k} candidates of highest similarity (ties to
 * the lower index), kept in a bounded min-heap, then the per-bin median of their columns
 * (mean of the two middle values for an even count), clipped to the frame itself. Shared by the
 * CPU kernels so they differ only in how similarities are computed.
 */
final class Neighbours {
  private final int k;
  private final double[] sim;
  private final int[] idx;
  private int size;
  private final float[] values;
  private final int[] chosen;

  Neighbours(int k, int bins) {
    this.k = k;
    this.sim = new double[k];
    this.idx = new int[k];
    this.values = new float[k];
    this.chosen = new int[k];
  }

  /** Candidate frames of {@code t} into {@code r}: {@code [r0, r1)} before it and {@code [r2, r3)} after it. */
  static void window(int t, int frames, int minDistance, int maxDistance, int[] r) {
    r[0] = maxDistance > 0 ? Math.max(0, t - maxDistance) : 0;
    r[1] = Math.max(r[0], t - minDistance + 1);
    r[2] = Math.min(frames, t + minDistance);
    r[3] = maxDistance > 0 ? Math.min(frames, t + maxDistance + 1) : frames;
    if (r[3] < r[2]) r[3] = r[2];
  }

  void clear() {
    size = 0;
  }

  /** True when (s1, i1) ranks below (s2, i2): lower similarity, or equal and a higher index. */
  private static boolean worse(double s1, int i1, double s2, int i2) {
    return s1 < s2 || (s1 == s2 && i1 > i2);
  }

  void offer(double s, int j) {
    if (size < k) {
      int c = size++;
      sim[c] = s;
      idx[c] = j;
      while (c > 0) {
        int p = (c - 1) >>> 1;
        if (!worse(sim[c], idx[c], sim[p], idx[p])) break;
        swap(c, p);
        c = p;
      }
      return;
    }
    if (!worse(sim[0], idx[0], s, j)) return;
    sim[0] = s;
    idx[0] = j;
    int c = 0;
    while (true) {
      int l = 2 * c + 1, r = l + 1, m = c;
      if (l < size && worse(sim[l], idx[l], sim[m], idx[m])) m = l;
      if (r < size && worse(sim[r], idx[r], sim[m], idx[m])) m = r;
      if (m == c) break;
      swap(c, m);
      c = m;
    }
  }

  private void swap(int a, int b) {
    double s = sim[a]; sim[a] = sim[b]; sim[b] = s;
    int i = idx[a]; idx[a] = idx[b]; idx[b] = i;
  }

  /** The chosen frames in ascending order into {@code dst}; returns how many. */
  int chosen(int[] dst) {
    System.arraycopy(idx, 0, dst, 0, size);
    Arrays.sort(dst, 0, size);
    return size;
  }

  /** Writes {@code min(median over neighbours, x)} for every bin of frame {@code t} into {@code out}. */
  void aggregate(float[] x, int frames, int t, float[] out) {
    int n = size;
    int bins = x.length / Math.max(1, frames);
    if (n == 0) {
      for (int b = 0; b < bins; b++) out[b * frames + t] = x[b * frames + t];
      return;
    }
    System.arraycopy(idx, 0, chosen, 0, n);
    Arrays.sort(chosen, 0, n); // ascending frame order: better locality, same median
    for (int b = 0; b < bins; b++) {
      int o = b * frames;
      for (int i = 0; i < n; i++) values[i] = x[o + chosen[i]];
      float med = median(values, n);
      float v = x[o + t];
      out[o + t] = Math.min(med, v);
    }
  }

  /** Median of {@code a[0 .. n)} (reorders it): the middle value, or the mean of the middle two. */
  static float median(float[] a, int n) {
    int h = n >>> 1;
    float hi = select(a, 0, n - 1, h);
    if ((n & 1) == 1) return hi;
    // the lower middle is the largest of a[0 .. h) after selection
    float lo = a[0];
    for (int i = 1; i < h; i++) if (a[i] > lo) lo = a[i];
    return (float) (((double) lo + hi) * 0.5);
  }

  /** Hoare quickselect: the value of rank {@code r}, leaving smaller-or-equal values before it. */
  static float select(float[] a, int lo, int hi, int r) {
    while (hi > lo) {
      float pivot = median3(a[lo], a[(lo + hi) >>> 1], a[hi]);
      int i = lo, j = hi;
      while (i <= j) {
        while (a[i] < pivot) i++;
        while (a[j] > pivot) j--;
        if (i <= j) {
          float tmp = a[i]; a[i] = a[j]; a[j] = tmp;
          i++;
          j--;
        }
      }
      if (r <= j) hi = j;
      else if (r >= i) lo = i;
      else return a[r];
    }
    return a[r];
  }

  private static float median3(float a, float b, float c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }
}
