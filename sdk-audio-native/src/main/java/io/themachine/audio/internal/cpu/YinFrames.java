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
 * end}), about 2.7 times fewer multiplies than per frame for 2048/512. When {@code maxPeriod <
 * hop} and the hop is a power of two the lags come from spectra of hop blocks (see {@link #next});
 * where the Vector API is usable those FFTs run {@link BatchRfft#lanes()} blocks (forward) or
 * frames (inverse) at once, lane by lane, so a frame's values do not depend on which frames share
 * its batch and a stream still equals the whole signal bit for bit. Not thread-safe; no
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
  private final double[] cumMean; // running sums of d
  // spectral path: per-hop-block spectra of 2 hop points (see next())
  private final boolean spectral;
  private final RealFft fft; // the STFT's real FFT (faster here than YIN's former private one)
  private final double[][] specRe;
  private final double[][] specIm;
  private final double[][] pow; // per block: |A_b|^2
  private final double[][] crossRe; // per block: (-1)^k conj(A_b) A_next, the next block in time
  private final double[][] crossIm;
  private final double[] blockBuf;
  private final double[] sumRe;
  private final double[] sumIm;
  private final double[] corr;
  // batched spectral path: BatchRfft lanes carry L blocks (forward) or L frames (inverse) at once;
  // every lane's arithmetic is independent of the others, so a frame's values do not depend on
  // which frames share its batch (streamed == whole bit for bit)
  private final BatchRfft batch; // null: per-frame FFTs
  private final int lanes;
  private final int ring; // block ring size (blocks + lanes)
  private final double[] bRe, bIm; // batch FFT output, value i of lane j at [i * lanes + j]
  private final double[] sRe, sIm; // the frames' summed spectra, bin k of lane j at [k * lanes + j]
  private final double[][] acfBatch;
  private long blocksDone; // blocks whose spectra, powers and crosses are in the ring
  private int cacheFrom, cacheCount;
  // the signal: whole (buf = the caller's array) or a sliding window of a stream
  private float[] buf;
  private long bufStart; // position of buf[0]
  private long avail; // samples received (whole: the length)
  private boolean ended; // the length is known
  private float[] window; // the stream's own window, allocated once
  private final int need; // samples from a frame's start that next() reads
  private int frames;
  private int next;

  public YinFrames(int frameLength, int hopLength, int minPeriod, int maxPeriod, boolean center) {
    this(frameLength, hopLength, minPeriod, maxPeriod, center, true);
  }

  /** {@code spectralAllowed = false} forces the direct sums (tests compare the two). */
  YinFrames(int frameLength, int hopLength, int minPeriod, int maxPeriod, boolean center, boolean spectralAllowed) {
    this(frameLength, hopLength, minPeriod, maxPeriod, center, spectralAllowed, true);
  }

  /** {@code batchAllowed = false} keeps the spectral path on per-frame FFTs (tests compare the two). */
  YinFrames(int frameLength, int hopLength, int minPeriod, int maxPeriod, boolean center, boolean spectralAllowed,
      boolean batchAllowed) {
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
    this.cumMean = new double[maxPeriod + 1];
    this.spectral = spectralAllowed && blocked && maxPeriod < hopLength && hopLength >= 4 && Integer.bitCount(hopLength) == 1;
    int m = 2 * hopLength;
    this.batch = spectral && batchAllowed ? ComplexFft.batch(m) : null;
    this.lanes = batch != null ? batch.lanes() : 1;
    this.ring = batch != null ? blocks + lanes : blocks;
    this.bRe = batch != null ? new double[(hopLength + 1) * lanes] : null;
    this.bIm = batch != null ? new double[(hopLength + 1) * lanes] : null;
    this.sRe = batch != null ? new double[(hopLength + 1) * lanes] : null;
    this.sIm = batch != null ? new double[(hopLength + 1) * lanes] : null;
    this.acfBatch = batch != null ? new double[lanes][maxPeriod + 1] : null;
    this.fft = spectral && batch == null ? new RealFft(m) : null;
    this.specRe = spectral ? new double[ring][hopLength + 1] : null;
    this.specIm = spectral ? new double[ring][hopLength + 1] : null;
    this.pow = spectral ? new double[ring][hopLength + 1] : null;
    this.crossRe = spectral ? new double[ring][hopLength + 1] : null;
    this.crossIm = spectral ? new double[ring][hopLength + 1] : null;
    this.blockBuf = spectral ? new double[m] : null;
    this.sumRe = spectral ? new double[hopLength + 1] : null;
    this.sumIm = spectral ? new double[hopLength + 1] : null;
    this.corr = spectral ? new double[m] : null;
    this.need = spectral ? frameLength : frameLength + maxPeriod;
  }

  /** True when frames go through the batch FFT engine (the Vector API is usable here). */
  boolean batched() {
    return batch != null;
  }

  /** Frame count for {@code len} samples: {@code 1 + len / hop} centred, else {@code 1 + (len - N) / hop} (0 if short). */
  public static int frameCount(int len, int frameLength, int hop, boolean center) {
    return frameCount((long) len, frameLength, hop, center);
  }

  /** {@link #frameCount(int, int, int, boolean)} for a stream's length. */
  public static int frameCount(long len, int frameLength, int hop, boolean center) {
    if (len == 0) return 0;
    if (center) return Math.toIntExact(1 + (len + 2 * (frameLength / 2) - frameLength) / hop);
    return len < frameLength ? 0 : Math.toIntExact(1 + (len - frameLength) / hop);
  }

  /**
   * Samples of the stream's window: {@code 2 (N + maxPeriod)} floats, whatever the block size.
   * A frame is computed once the samples it reads have arrived ({@code N}, plus {@code maxPeriod}
   * look-ahead on the direct paths, whose look-ahead products enter the sums and are subtracted
   * again, so they must be the same samples as in the whole signal for the same rounding).
   */
  public int windowLength() {
    return 2 * (n + maxPeriod);
  }

  /** Values per frame: {@code maxPeriod - minPeriod + 1}. */
  public int size() {
    return maxPeriod - minPeriod + 1;
  }

  /** Starts a signal. */
  public int begin(float[] signal) {
    this.buf = signal;
    this.bufStart = 0;
    this.avail = signal.length;
    this.ended = true;
    this.frames = frameCount(signal.length, n, hop, center);
    this.next = 0;
    this.blocksDone = 0;
    this.cacheCount = 0;
    return frames;
  }

  /** Starts a stream: {@link #append} blocks, take the frames with {@link #next}, then {@link #end}. */
  public void beginStream() {
    if (window == null) window = new float[windowLength()];
    this.buf = window;
    this.bufStart = 0;
    this.avail = 0;
    this.ended = false;
    this.frames = Integer.MAX_VALUE;
    this.next = 0;
    this.blocksDone = 0;
    this.cacheCount = 0;
  }

  /**
   * Appends samples to the stream and returns how many were taken (at least one when
   * {@code len > 0} and the ready frames were taken with {@link #next} first).
   */
  public int append(float[] in, int off, int len) {
    if (ended) throw new IllegalStateException("stream ended");
    int taken = 0;
    if (avail < bufStart) { // samples no frame reads (hop longer than the frame)
      int skip = (int) Math.min(len, bufStart - avail);
      avail += skip;
      taken = skip;
      if (avail < bufStart) return taken;
    }
    int held = (int) (avail - bufStart);
    if (held == window.length) {
      // keep from the next frame's first sample on
      long from = Math.max(0, (long) next * hop - (center ? n / 2 : 0));
      if (from > bufStart) {
        int drop = (int) Math.min(from - bufStart, held);
        System.arraycopy(window, drop, window, 0, held - drop);
        bufStart = from;
        held -= drop;
        if (avail < bufStart) {
          int skip = (int) Math.min(len - taken, bufStart - avail);
          avail += skip;
          taken += skip;
          if (avail < bufStart) return taken;
        }
      }
    }
    int c = Math.min(len - taken, window.length - held);
    System.arraycopy(in, off + taken, window, held, c);
    avail += c;
    return taken + c;
  }

  /** Ends the stream; the tail frames follow from {@link #next}. Returns the total frame count. */
  public int end() {
    ended = true;
    frames = frameCount(avail, n, hop, center);
    return frames;
  }

  /** Samples received so far. */
  public long received() {
    return avail;
  }

  /** Frames returned so far. */
  public int emitted() {
    return next;
  }

  /**
   * Writes the next frame's {@code yin(minPeriod..maxPeriod)} into {@code out}; false at the end
   * or, in a stream, until the frame's samples have arrived.
   */
  public boolean next(double[] out) {
    if (next >= frames) return false;
    if (!ended && (long) next * hop - (center ? n / 2 : 0) + need > avail) return false;
    if (batch != null && cacheCount == 0) {
      int f = 1;
      while (f < lanes && next + f < frames
          && (ended || (long) (next + f) * hop - (center ? n / 2 : 0) + need <= avail)) f++;
      batchFrames(next, f);
      cacheFrom = next;
      cacheCount = f;
    }
    int t = next++;
    long start = (long) t * hop - (center ? n / 2 : 0);
    fill(start, spectral ? maxPeriod + 1 : w.length);
    double[] acf = this.acf;
    if (batch != null) {
      acf = acfBatch[t - cacheFrom];
      cacheCount--;
    } else if (spectral) {
      // acf(k) = sum over the frame's blocks b of sum_{i in b, i + k < N} y[i] y[i+k]. With A_b the
      // spectrum of block b zero-padded to 2 hop, a block's products reaching into the next block
      // are conj(A_b) (A_b + (-1)^k A_{b+1}) (the next block shifted by hop, k <= maxPeriod < hop so
      // nothing wraps) and the last block's own products are |A_last|^2; one inverse FFT of the
      // sum gives every lag. Per frame: one forward FFT (the new block) and one inverse.
      // Each block's |A_b|^2 and its product with the next block are computed once, when the later
      // block arrives; a frame adds up its blocks' terms (plain array sums, vectorised).
      if (t == 0) {
        for (int b = 0; b < blocks; b++) blockSpectrum(start + (long) b * hop, b);
        for (int b = 0; b < blocks; b++) power(b);
        for (int b = 0; b + 1 < blocks; b++) cross(b, b + 1);
      } else {
        int slot = (t + blocks - 1) % blocks;
        blockSpectrum(start + (long) (blocks - 1) * hop, slot);
        power(slot);
        cross((t + blocks - 2) % blocks, slot);
      }
      int h = hop;
      double[] p0 = pow[t % blocks];
      System.arraycopy(p0, 0, sumRe, 0, h + 1);
      java.util.Arrays.fill(sumIm, 0.0);
      for (int bl = 1; bl < blocks; bl++) {
        double[] pb = pow[(t + bl) % blocks];
        for (int k = 0; k <= h; k++) sumRe[k] += pb[k];
      }
      for (int bl = 0; bl < blocks - 1; bl++) {
        double[] xr = crossRe[(t + bl) % blocks], xi = crossIm[(t + bl) % blocks];
        for (int k = 0; k <= h; k++) {
          sumRe[k] += xr[k];
          sumIm[k] += xi[k];
        }
      }
      fft.inverse(sumRe, sumIm, corr);
      System.arraycopy(corr, 0, acf, 0, maxPeriod + 1);
    } else if (blocked) {
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
    // the running sum first (serial), then the divisions, which have no carried dependency and
    // vectorise; same operations, same values
    double cum = 0;
    for (int k = 1; k <= maxPeriod; k++) {
      cum += d[k];
      cumMean[k] = cum;
    }
    for (int k = minPeriod; k <= maxPeriod; k++) out[k - minPeriod] = d[k] / (cumMean[k] / k + Double.MIN_NORMAL);
    return true;
  }

  /** Block {@code g} starts at {@code g hop} in frame coordinates (frame t holds blocks t .. t + blocks - 1). */
  private long blockStart(long g) {
    return g * hop - (center ? n / 2 : 0);
  }

  /** Spectra, powers and crosses of blocks {@code blocksDone .. upTo - 1}, {@code lanes} blocks per FFT. */
  private void batchBlocks(long upTo) {
    double[] zr = batch.packedRe(), zi = batch.packedIm();
    int h = hop, half = hop / 2, L = lanes;
    long len = avail;
    while (blocksDone < upTo) {
      long g0 = blocksDone;
      int c = (int) Math.min(L, upTo - g0);
      java.util.Arrays.fill(zr, 0.0);
      java.util.Arrays.fill(zi, 0.0);
      for (int j = 0; j < c; j++) {
        long from = blockStart(g0 + j);
        for (int k = 0; k < half; k++) {
          long p = from + 2 * k;
          zr[k * L + j] = (p >= 0 && p < len) ? buf[(int) (p - bufStart)] : 0.0;
          zi[k * L + j] = (p + 1 >= 0 && p + 1 < len) ? buf[(int) (p + 1 - bufStart)] : 0.0;
        }
      }
      batch.forwardSpectrum(bRe, bIm); // RealFft.forward's split, on vectors of blocks
      for (int j = 0; j < c; j++) {
        long g = g0 + j;
        int slot = (int) (g % ring);
        double[] re = specRe[slot], im = specIm[slot];
        for (int k = 0; k <= h; k++) {
          re[k] = bRe[k * L + j];
          im[k] = bIm[k * L + j];
        }
        power(slot);
        if (g > 0) cross((int) ((g - 1) % ring), slot);
      }
      blocksDone = g0 + c;
    }
  }

  /** acf of frames {@code t0 .. t0 + f - 1} into {@code acfBatch}: one inverse FFT for all of them. */
  private void batchFrames(int t0, int f) {
    batchBlocks((long) t0 + f - 1 + blocks);
    int h = hop, L = lanes;
    java.util.Arrays.fill(sRe, 0.0);
    java.util.Arrays.fill(sIm, 0.0);
    for (int j = 0; j < f; j++) {
      int t = t0 + j;
      if (blocks == 4) { // librosa's 2048 / 512: one fused pass, the same additions in the same order
        double[] p0 = pow[t % ring], p1 = pow[(t + 1) % ring], p2 = pow[(t + 2) % ring], p3 = pow[(t + 3) % ring];
        double[] x0 = crossRe[t % ring], x1 = crossRe[(t + 1) % ring], x2 = crossRe[(t + 2) % ring];
        double[] i0 = crossIm[t % ring], i1 = crossIm[(t + 1) % ring], i2 = crossIm[(t + 2) % ring];
        for (int k = 0; k <= h; k++) {
          sumRe[k] = p0[k] + p1[k] + p2[k] + p3[k] + x0[k] + x1[k] + x2[k];
          sumIm[k] = 0.0 + i0[k] + i1[k] + i2[k];
        }
      } else {
        double[] p0 = pow[t % ring];
        System.arraycopy(p0, 0, sumRe, 0, h + 1);
        java.util.Arrays.fill(sumIm, 0.0);
        for (int bl = 1; bl < blocks; bl++) {
          double[] pb = pow[(t + bl) % ring];
          for (int k = 0; k <= h; k++) sumRe[k] += pb[k];
        }
        for (int bl = 0; bl < blocks - 1; bl++) {
          double[] xr = crossRe[(t + bl) % ring], xi = crossIm[(t + bl) % ring];
          for (int k = 0; k <= h; k++) {
            sumRe[k] += xr[k];
            sumIm[k] += xi[k];
          }
        }
      }
      for (int k = 0; k <= h; k++) {
        sRe[k * L + j] = sumRe[k];
        sIm[k * L + j] = sumIm[k];
      }
    }
    batch.inverse(sRe, sIm, bRe, bIm); // RealFft.inverse on vectors of frames
    for (int j = 0; j < f; j++) {
      double[] a = acfBatch[j];
      for (int k = 0; k <= maxPeriod; k++) {
        int m = k >> 1;
        a[k] = (k & 1) == 0 ? bRe[m * L + j] : bIm[m * L + j];
      }
    }
  }

  private void blockSpectrum(long from, int slot) {
    long len = avail;
    for (int i = 0; i < hop; i++) {
      long p = from + i;
      blockBuf[i] = (p >= 0 && p < len) ? buf[(int) (p - bufStart)] : 0.0;
    }
    java.util.Arrays.fill(blockBuf, hop, 2 * hop, 0.0);
    fft.forward(blockBuf, specRe[slot], specIm[slot]);
  }

  /** {@code pow[a] = |A_a|^2}. */
  private void power(int a) {
    double[] ar = specRe[a], ai = specIm[a], pa = pow[a];
    for (int k = 0; k <= hop; k++) pa[k] = ar[k] * ar[k] + ai[k] * ai[k];
  }

  /** {@code cross[a] = (-1)^k conj(A_a) A_b}: block {@code a}'s products with the block after it, shifted by hop. */
  private void cross(int a, int b) {
    double[] ar = specRe[a], ai = specIm[a], br = specRe[b], bi = specIm[b], xr = crossRe[a], xi = crossIm[a];
    for (int k = 0; k <= hop; k++) {
      xr[k] = ar[k] * br[k] + ai[k] * bi[k];
      xi[k] = ar[k] * bi[k] - ai[k] * br[k];
    }
    for (int k = 1; k <= hop; k += 2) { // odd k: the shift by hop flips the sign
      xr[k] = -xr[k];
      xi[k] = -xi[k];
    }
  }

  private void fill(long start, int count) {
    long len = avail;
    for (int i = 0; i < count; i++) {
      long p = start + i;
      // the look-ahead past the frame end is only used by products that are subtracted again
      w[i] = (p >= 0 && p < len) ? buf[(int) (p - bufStart)] : 0.0;
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
