package io.themachine.audio.internal.cpu;

/**
 * The cumulative mean normalized difference function of YIN (de Cheveigné and Kawahara 2002, eq.
 * 8) frame by frame, as librosa 0.11's {@code _cumulative_mean_normalized_difference} computes it:
 *
 * <ul>
 *   <li>{@code acf(k) = sum_{m=0}^{N-1-k} y[m] y[m+k]} over the whole frame of {@code N} samples;
 *   <li>{@code d(k) = 2 (acf(0) - acf(k)) - S(k)} with {@code S(k) = sum_{m<k} y[m]^2}, except
 *       {@code S(1) = 0} (librosa zeroes the first cumulative energy before it subtracts; the trap
 *       changes every value through the cumulative mean);
 *   <li>{@code yin(tau) = d(tau) / (mean(d(1..tau)) + tiny)} for {@code minPeriod <= tau <=
 *       maxPeriod}, {@code tiny} = {@link Double#MIN_NORMAL} ({@code np.finfo(float64).tiny}).
 * </ul>
 *
 * <p>Frames are centred with zero padding of {@code N / 2} ({@code pad_mode="constant"}, librosa
 * 0.11's default for yin and pyin) or start at {@code hop t}. The autocorrelation is direct, in
 * double: when the hop divides the frame it is summed from per-hop-block lag products that each
 * frame reuses ({@code acf = sum of the frame's block products - the products that cross its
 * end}), about 2.7 times fewer multiplies than per frame for 2048/512. Not thread-safe; no
 * allocation per frame.
 */
public final class YinFrames {
  private final int n; // frame length
  private final int hop;
  private final int minPeriod;
  private final int maxPeriod;
  private final boolean center;
  private final boolean blocked;
  private final int blocks;
  private final double[] w; // frame plus maxPeriod look-ahead
  private final double[][] q; // ring of block lag products
  private final double[] acf;
  private final double[] d;
  private float[] x;
  private int frames;
  private int next;

  public YinFrames(int frameLength, int hopLength, int minPeriod, int maxPeriod, boolean center) {
    if (minPeriod < 1 || maxPeriod <= minPeriod || maxPeriod >= frameLength) {
      throw new IllegalArgumentException("periods " + minPeriod + ".." + maxPeriod + " do not fit frame " + frameLength);
    }
    this.n = frameLength;
    this.hop = hopLength;
    this.minPeriod = minPeriod;
    this.maxPeriod = maxPeriod;
    this.center = center;
    this.blocked = frameLength % hopLength == 0;
    this.blocks = blocked ? frameLength / hopLength : 0;
    this.w = new double[frameLength + maxPeriod];
    this.q = new double[Math.max(blocks, 1)][maxPeriod + 1];
    this.acf = new double[maxPeriod + 1];
    this.d = new double[maxPeriod + 1];
  }

  /** Frame count for {@code len} samples: {@code 1 + len / hop} centred, else {@code 1 + (len - N) / hop} (0 if short). */
  public static int frameCount(int len, int frameLength, int hop, boolean center) {
    if (len == 0) return 0;
    if (center) return 1 + (len + 2 * (frameLength / 2) - frameLength) / hop;
    return len < frameLength ? 0 : 1 + (len - frameLength) / hop;
  }

  /** Values per frame: {@code maxPeriod - minPeriod + 1}. */
  public int size() {
    return maxPeriod - minPeriod + 1;
  }

  /** Starts a signal. */
  public int begin(float[] signal) {
    this.x = signal;
    this.frames = frameCount(signal.length, n, hop, center);
    this.next = 0;
    return frames;
  }

  /** Writes the next frame's {@code yin(minPeriod..maxPeriod)} into {@code out}; false at the end. */
  public boolean next(double[] out) {
    if (next >= frames) return false;
    int t = next++;
    long start = (long) t * hop - (center ? n / 2 : 0);
    fill(start);
    if (blocked) {
      if (t == 0) {
        for (int b = 0; b < blocks; b++) blockProducts(b * hop, q[b]);
      } else {
        blockProducts((blocks - 1) * hop, q[(t + blocks - 1) % blocks]);
      }
      java.util.Arrays.fill(acf, 0.0);
      for (int b = 0; b < blocks; b++) {
        double[] qb = q[b];
        for (int k = 0; k <= maxPeriod; k++) acf[k] += qb[k];
      }
      // remove the products y[i] y[i+k] with i + k past the frame's end
      for (int i = n - maxPeriod; i < n; i++) {
        double a = w[i];
        if (a == 0) continue;
        for (int k = n - i; k <= maxPeriod; k++) acf[k] -= a * w[i + k];
      }
    } else {
      java.util.Arrays.fill(acf, 0.0);
      for (int i = 0; i < n; i++) {
        double a = w[i];
        if (a == 0) continue;
        int kmax = Math.min(maxPeriod, n - 1 - i);
        for (int k = 0; k <= kmax; k++) acf[k] += a * w[i + k];
      }
    }
    // difference function, then the cumulative mean normalisation
    double acf0 = acf[0];
    double energy = w[0] * w[0]; // S(k) = sum_{m<k} y^2
    d[0] = 0;
    d[1] = 2 * (acf0 - acf[1]); // librosa: S(1) taken as 0
    for (int k = 2; k <= maxPeriod; k++) {
      energy += w[k - 1] * w[k - 1];
      d[k] = 2 * (acf0 - acf[k]) - energy;
    }
    double cum = 0;
    for (int k = 1; k <= maxPeriod; k++) {
      cum += d[k];
      if (k >= minPeriod) out[k - minPeriod] = d[k] / (cum / k + Double.MIN_NORMAL);
    }
    return true;
  }

  private void fill(long start) {
    int len = x.length;
    for (int i = 0; i < w.length; i++) {
      long p = start + i;
      // the look-ahead past the frame end is only used by products that are subtracted again
      w[i] = (p >= 0 && p < len) ? x[(int) p] : 0.0;
    }
  }

  private void blockProducts(int from, double[] qb) {
    java.util.Arrays.fill(qb, 0.0);
    int end = from + hop, i = from;
    // four rows per pass: one load and store of qb[k] per four multiply-adds (C2 vectorizes over k)
    for (; i + 3 < end; i += 4) {
      double a0 = w[i], a1 = w[i + 1], a2 = w[i + 2], a3 = w[i + 3];
      for (int k = 0; k <= maxPeriod; k++) {
        qb[k] += (a0 * w[i + k] + a1 * w[i + 1 + k]) + (a2 * w[i + 2 + k] + a3 * w[i + 3 + k]);
      }
    }
    for (; i < end; i++) {
      double a = w[i];
      for (int k = 0; k <= maxPeriod; k++) qb[k] += a * w[i + k];
    }
  }

  /**
   * librosa's {@code _parabolic_interpolation}: {@code a = x[i+1] + x[i-1] - 2 x[i]},
   * {@code b = (x[i+1] - x[i-1]) / 2}, shift {@code -b / a}, or 0 where {@code |b| >= |a|} and at
   * both ends.
   */
  public static double parabolicShift(double[] y, int len, int i) {
    if (i <= 0 || i >= len - 1) return 0;
    double a = y[i + 1] + y[i - 1] - 2 * y[i];
    double b = (y[i + 1] - y[i - 1]) / 2;
    if (Math.abs(b) >= Math.abs(a)) return 0;
    return -b / a;
  }

  /** librosa's trough test: {@code x[i] < x[i-1] && x[i] <= x[i+1]}; first {@code x[0] < x[1]}, last {@code x[-1] < x[-2]}. */
  public static boolean isTrough(double[] y, int len, int i) {
    if (i == 0) return y[0] < y[1];
    if (i == len - 1) return y[i] < y[i - 1];
    return y[i] < y[i - 1] && y[i] <= y[i + 1];
  }
}
