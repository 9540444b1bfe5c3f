package io.themachine.audio.internal.cuda;

import io.themachine.audio.dsp.Spectrogram;
import io.themachine.audio.dsp.Stft;
import java.util.Arrays;

/**
 * The CPU model of {@code separation.cu}'s index math and of {@link CudaHpss}: the same reflect
 * indexing, rank selection, radix keys, neighbour keys and overlap-add frame ranges, written as
 * plain Java that mirrors the kernels line for line (the default suite checks these against
 * brute force), and the CPU HPSS path (librosa conventions: {@link Stft}, exact median filters,
 * {@code librosa.util.softmask}, {@code Stft.inverse}) that the device pipeline is held to. Slow
 * on purpose: a reference, not a kernel.
 */
public final class HpssModel {
  private HpssModel() {}

  /** {@code reflect_index}: scipy 'reflect' (half-sample symmetric), period {@code 2n}. */
  public static int reflect(int i, int n) {
    int p = 2 * n;
    int m = i % p;
    if (m < 0) m += p;
    return m < n ? m : p - 1 - m;
  }

  /** {@code ordered_key}: an order-preserving map of float bits to unsigned (as a long 0..2^32-1). */
  public static long orderedKey(float f) {
    int u = Float.floatToRawIntBits(f);
    int k = (u & 0x80000000) != 0 ? ~u : (u | 0x80000000);
    return Integer.toUnsignedLong(k);
  }

  /** {@code key_float}: the inverse of {@link #orderedKey}. */
  public static float keyFloat(long key) {
    int k = (int) key;
    int u = (k & 0x80000000) != 0 ? (k & 0x7fffffff) : ~k;
    return Float.intBitsToFloat(u);
  }

  /** {@code select_rank<MAXW>}: rank by counting, ties ordered by index, pads of +inf. */
  public static float selectRank(float[] s, int off, int stride, int width, int rank, int maxWidth) {
    float[] v = new float[maxWidth];
    for (int j = 0; j < maxWidth; j++) v[j] = j < width ? s[off + j * stride] : Float.POSITIVE_INFINITY;
    float res = v[0];
    for (int i = 0; i < maxWidth; i++) {
      int c = 0;
      for (int j = 0; j < maxWidth; j++) {
        if (j < i) c += v[j] <= v[i] ? 1 : 0;
        else if (j > i) c += v[j] < v[i] ? 1 : 0;
      }
      if (c == rank) res = v[i];
    }
    return res;
  }

  /** {@code radix_select_window}: 32 one-bit passes over the reflected window. */
  public static float radixSelectWindow(float[] line, int base, int n, int stride, int first, int width, int rank) {
    long prefix = 0, mask = 0;
    for (int bit = 31; bit >= 0; bit--) {
      long b = 1L << bit;
      int cnt = 0;
      for (int j = 0; j < width; j++) {
        long k = orderedKey(line[base + reflect(first + j, n) * stride]);
        if ((k & mask) == prefix && (k & b) == 0) cnt++;
      }
      if (rank >= cnt) {
        rank -= cnt;
        prefix |= b;
      }
      mask |= b;
    }
    return keyFloat(prefix);
  }

  /**
   * {@code repet_key} as a signed-comparable pair: {@code (ordered similarity) << 32 | (2^32 - 1 - j)},
   * compared unsigned ({@link Long#compareUnsigned}).
   */
  public static long repetKey(float s, int j) {
    if (s == 0.0f) s = 0.0f;
    return (orderedKey(s) << 32) | (0xffffffffL - j);
  }

  /**
   * {@code repet_select_median}'s neighbour choice: the k best allowed frames by a radix select of
   * the k-th largest key (8 passes of 8-bit digit histograms, as the block builds them in shared
   * memory), in ascending order.
   */
  public static int[] repetNeighbours(float[] sim, int t, int k, int minDistance, int maxDistance) {
    int frames = sim.length;
    int total = 0;
    for (int j = 0; j < frames; j++) if (allowed(t, j, minDistance, maxDistance)) total++;
    if (k <= 0) total = 0;
    boolean all = total <= k;
    long thr = 0;
    if (!all) {
      long prefix = 0, mask = 0;
      int kk = k;
      int[] hist = new int[256];
      for (int shift = 56; shift >= 0; shift -= 8) {
        Arrays.fill(hist, 0);
        for (int j = 0; j < frames; j++) {
          if (!allowed(t, j, minDistance, maxDistance)) continue;
          long key = repetKey(sim[j], j);
          if ((key & mask) == prefix) hist[(int) ((key >>> shift) & 255)]++;
        }
        int cum = 0, d = 255;
        for (; d > 0; d--) {
          if (cum + hist[d] >= kk) break;
          cum += hist[d];
        }
        prefix |= (long) d << shift;
        mask |= 255L << shift;
        kk -= cum;
      }
      thr = prefix;
    }
    int n = total <= 0 ? 0 : (all ? total : k);
    int[] sel = new int[n];
    int at = 0;
    for (int j = 0; j < frames && total > 0; j++) {
      if (!allowed(t, j, minDistance, maxDistance)) continue;
      if (all || Long.compareUnsigned(repetKey(sim[j], j), thr) >= 0) sel[at++] = j;
    }
    if (at != n) throw new IllegalStateException("selected " + at + " of " + n);
    return sel;
  }

  static boolean allowed(int t, int j, int minDistance, int maxDistance) {
    int d = Math.abs(t - j);
    return d >= minDistance && (maxDistance <= 0 || d <= maxDistance);
  }

  /** {@code hpss_overlap_add}'s frame range {@code [lo, hi]} covering output sample {@code i} (empty when lo > hi). */
  public static long[] olaFrames(long i, int nFft, int hop, int frames, boolean center) {
    long p = i + (center ? nFft / 2 : 0);
    long lo = p - nFft + 1 <= 0 ? 0 : (p - nFft + 1 + hop - 1) / hop;
    long hi = Math.min(p / hop, frames - 1);
    return new long[] {lo, hi};
  }

  /** scipy.ndimage.median_filter(mode='reflect') of one line: sort the mirrored window, take rank width / 2. */
  public static void medianLine(float[] in, int base, int n, int stride, int width, float[] out, int outBase, float[] scratch) {
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < width; j++) scratch[j] = in[base + reflect(i - width / 2 + j, n) * stride];
      Arrays.sort(scratch, 0, width);
      out[outBase + i * stride] = scratch[width / 2];
    }
  }

  /** librosa.util.softmask for one cell ({@code ref} already scaled by the margin, in float). */
  public static float softMask(float x, float ref, double power, boolean splitZeros) {
    if (Double.isInfinite(power)) return x > ref ? 1f : 0f;
    float z = Math.max(x, ref);
    if (z < Float.MIN_NORMAL) return splitZeros ? 0.5f : 0f;
    double a = (double) x / z, b = (double) ref / z;
    double pa = Math.pow(a, power), pb = Math.pow(b, power);
    return (float) (pa / (pa + pb));
  }

  /**
   * HPSS on the CPU, per channel: {@code Stft.complex}, |X| (double, rounded once), median along
   * time and along frequency, librosa's masks, masked STFT, {@code Stft.inverse} at the input's
   * length. Returns {harmonic, percussive, residual}, interleaved like the input; the residual is
   * {@code istft(X (1 - mask_h - mask_p))} (librosa's), null when both margins are 1.
   */
  public static float[][] separate(CudaHpss.Params p, float[] interleaved, int channels) {
    int n = interleaved.length / channels;
    Stft stft = p.stft();
    float[] h = new float[interleaved.length], q = new float[interleaved.length];
    float[] res = p.hasResidual() ? new float[interleaved.length] : null;
    float[] x = new float[n];
    boolean split = p.marginHarmonic() == 1f && p.marginPercussive() == 1f;
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < n; i++) x[i] = interleaved[i * channels + c];
      Spectrogram s = stft.complex(x);
      int bins = s.bins(), frames = s.frames();
      float[] mag = new float[bins * frames];
      for (int i = 0; i < mag.length; i++) mag[i] = (float) Math.sqrt((double) s.re()[i] * s.re()[i] + (double) s.im()[i] * s.im()[i]);
      float[] harm = new float[mag.length], perc = new float[mag.length];
      float[] scratch = new float[Math.max(p.harmonicWidth(), p.percussiveWidth())];
      for (int b = 0; b < bins; b++) medianLine(mag, b * frames, frames, 1, p.harmonicWidth(), harm, b * frames, scratch);
      for (int t = 0; t < frames; t++) medianLine(mag, t, bins, frames, p.percussiveWidth(), perc, t, scratch);
      float[] hr = new float[mag.length], hi = new float[mag.length], pr = new float[mag.length], pi = new float[mag.length];
      float[] rr = new float[mag.length], ri = new float[mag.length];
      for (int i = 0; i < mag.length; i++) {
        float mh = softMask(harm[i], p.marginHarmonic() * perc[i], p.power(), split);
        float mp = softMask(perc[i], p.marginPercussive() * harm[i], p.power(), split);
        hr[i] = s.re()[i] * mh;
        hi[i] = s.im()[i] * mh;
        pr[i] = s.re()[i] * mp;
        pi[i] = s.im()[i] * mp;
        rr[i] = s.re()[i] * (1 - mh - mp);
        ri[i] = s.im()[i] * (1 - mh - mp);
      }
      float[] yh = stft.inverse(new Spectrogram(bins, frames, hr, hi), n);
      float[] yp = stft.inverse(new Spectrogram(bins, frames, pr, pi), n);
      float[] yr = res == null ? null : stft.inverse(new Spectrogram(bins, frames, rr, ri), n);
      for (int i = 0; i < n; i++) {
        h[i * channels + c] = yh[i];
        q[i * channels + c] = yp[i];
        if (res != null) res[i * channels + c] = yr[i];
      }
    }
    return new float[][] {h, q, res};
  }
}
