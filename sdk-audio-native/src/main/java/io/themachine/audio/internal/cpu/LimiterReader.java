package io.themachine.audio.internal.cpu;

import io.themachine.audio.dsp.NormalizeOptions;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.ChannelLayout;

/**
 * The true-peak look-ahead limiter of {@link Normalizer} as a stream: reads the source block by
 * block, applies the linear gain {@code g} and the limiter's gain, and yields the output at the
 * input's own rate and layout. Memory is a few rings of {@code O(look-ahead)} frames, fixed at
 * construction, whatever the length.
 *
 * <p>The stages are those of the whole-signal limiter, computed on absolute frame indices so that
 * every value (and every rounding) is the same: (1) per-frame allowance {@code r[i] = min(1,
 * ceiling / peak)} from the Annex 2 interpolator, run on blocks of 256 FIR outputs aligned at frame
 * 0 (a block whose gained samples stay under {@code ceiling / GAIN_BOUND} is skipped, exactly);
 * (2) sliding minimum over {@code [i - la, i + la]}; (3) box average over {@code [i - la/2, i +
 * la/2]} with the edge frames repeated, a running sum updated in the same order; (4) exponential
 * release. Frame {@code i} leaves once the frames up to about {@code i + 1.5 la + 262} have been
 * read; the last frames leave when the source ends and the total length is known.
 */
final class LimiterReader implements AudioBlockReader {
  private static final int FIR_BLOCK = 256;
  private static final int READ = 2048;

  private final AudioBlockReader src;
  private final int ch;
  private final int h = TruePeakFir.HISTORY;
  private final int delay = TruePeakFir.HISTORY / 2;
  private final int la;
  private final int half;
  private final double g;
  private final double ceiling;
  private final double quiet;
  private final double rel;
  private final LoudnessStages stages;
  private final int mask;
  private final long cap;
  private final float[][] raw; // ring: source samples
  private final float[] r; // ring: allowance
  private final float[] gmin; // ring: sliding minimum
  private final float[][] readBuf;
  private final double[] d = new double[FIR_BLOCK + TruePeakFir.HISTORY];
  private final double[] pk = new double[FIR_BLOCK];
  private final long[] dq; // monotone deque of frame indices, as a ring (power of two: masks, not %)
  private final int dqMask;
  private int head;
  private int tail;
  private long next; // next frame to push into the deque

  private long nIn; // frames read from the source
  private boolean eof;
  private long fir; // start of the next FIR output block
  private long gminDone; // gmin known for frames < gminDone
  private long out; // next frame to yield
  private double sum;
  private double prev = 1.0;
  private double minGain = 1.0;

  LimiterReader(AudioBlockReader src, double g, double ceiling, NormalizeOptions o, LoudnessStages stages) {
    this.src = src;
    this.ch = src.channels();
    this.g = g;
    this.ceiling = ceiling;
    this.quiet = ceiling / TruePeakFir.GAIN_BOUND;
    this.stages = stages;
    int look = Math.max(2 * TruePeakFir.TAPS, (int) Math.round(o.lookaheadMs() * src.sampleRate() / 1000.0));
    look += look & 1; // even, so the box is centred
    this.la = look;
    this.half = look / 2;
    this.rel = Math.exp(-1.0 / (o.releaseMs() * src.sampleRate() / 1000.0));
    // Oldest frame kept: about out - la - half - delay - h; newest: out + la + half + delay + 2 blocks + a read.
    long need = 2L * (la + half + delay + h) + 2L * FIR_BLOCK + READ + 64;
    int c = Integer.highestOneBit((int) need) << 1;
    this.cap = c;
    this.mask = c - 1;
    this.raw = new float[ch][c];
    this.r = new float[c];
    this.gmin = new float[c];
    this.readBuf = new float[ch][READ];
    this.dq = new long[Integer.highestOneBit(2 * la + 2) << 1];
    this.dqMask = dq.length - 1;
  }

  @Override public int sampleRate() { return src.sampleRate(); }

  @Override public ChannelLayout layout() { return src.layout(); }

  @Override public long framesRead() { return out; }

  /** The limiter's largest gain reduction so far, dB (positive); final once the stream has ended. */
  double maxReductionDb() {
    return -20.0 * Math.log10(minGain);
  }

  @Override
  public int read(float[][] dst, int offset, int maxFrames) {
    int k = 0;
    while (k < maxFrames) {
      long avail = available();
      if (avail > 0) {
        int n = (int) Math.min(avail, maxFrames - k);
        emit(dst, offset + k, n);
        k += n;
        continue;
      }
      if (eof && out >= nIn) break;
      if (!pump() && !fill()) throw new IllegalStateException("loudness limiter: stalled (ring too small)");
    }
    return k == 0 && maxFrames > 0 ? -1 : k;
  }

  /** Frames that can be yielded now. */
  private long available() {
    if (eof && gminDone >= nIn) return nIn - out;
    return gminDone - out - half - 1;
  }

  /** Reads one chunk from the source into the rings; false when there is no room (a bug) . */
  private boolean fill() {
    if (eof) return false;
    long oldest = Math.max(0, Math.min(Math.min(out - half - 1, fir - h - delay - 1), gminDone - la - 1));
    int room = (int) Math.min(READ, cap - (nIn - oldest));
    if (room <= 0) return false;
    int n = src.read(readBuf, 0, room);
    if (n <= 0) {
      eof = true;
      return true;
    }
    for (int c = 0; c < ch; c++) {
      float[] a = raw[c];
      float[] b = readBuf[c];
      for (int i = 0; i < n; i++) a[(int) ((nIn + i) & mask)] = b[i];
    }
    for (int i = 0; i < n; i++) r[(int) ((nIn + i) & mask)] = 1f;
    nIn += n;
    return true;
  }

  /** Runs the FIR blocks and the sliding minimum as far as the frames read allow. */
  private boolean pump() {
    boolean progress = false;
    while (eof ? fir < nIn + h : nIn >= fir + FIR_BLOCK) {
      firBlock(fir, eof ? (int) Math.min(FIR_BLOCK, nIn + h - fir) : FIR_BLOCK);
      fir += FIR_BLOCK;
      progress = true;
    }
    // r[i] is final once no FIR output can still lower it: outputs up to i + delay done, and i is
    // not the last frame (the tail's outputs land there) unless the source has ended.
    long rFinal = eof && fir >= nIn + h ? nIn : Math.max(0, Math.min(fir - delay, nIn - 1));
    while (gminDone < rFinal) {
      long i = gminDone;
      long hi = eof ? Math.min(nIn - 1, i + la) : i + la;
      if (hi >= rFinal) break;
      while (next <= hi) {
        float rv = r[(int) (next & mask)];
        while (tail != head && r[(int) (dq[(tail - 1) & dqMask] & mask)] >= rv) tail = (tail - 1) & dqMask;
        dq[tail] = next;
        tail = (tail + 1) & dqMask;
        next++;
      }
      while (dq[head] < i - la) head = (head + 1) & dqMask;
      gmin[(int) (i & mask)] = r[(int) (dq[head] & mask)];
      gminDone++;
      progress = true;
    }
    return progress;
  }

  private void firBlock(long b0, int len) {
    for (int c = 0; c < ch; c++) {
      float[] a = raw[c];
      double mx = 0;
      for (int j = 0; j < len + h; j++) {
        long at = b0 - h + j;
        double v = at >= 0 && at < nIn ? a[(int) (at & mask)] * g : 0.0;
        d[j] = v;
        mx = Math.max(mx, Math.abs(v));
      }
      if (mx <= quiet) continue;
      stages.framePeaks(d, len, pk);
      for (int i = 0; i < len; i++) {
        long o = b0 + i; // FIR output index
        double p = pk[i];
        if (o < nIn) p = Math.max(p, Math.abs(d[h + i]));
        if (p > ceiling) {
          long at = Math.max(0, o - delay);
          if (eof) at = Math.min(nIn - 1, at);
          int s = (int) (at & mask);
          r[s] = (float) Math.min(r[s], ceiling / p);
        }
      }
    }
  }

  /** gmin at frame j, clamped to the signal as the whole-signal limiter does. */
  private float gm(long j) {
    long at = Math.max(0, j);
    if (eof) at = Math.min(nIn - 1, at);
    return gmin[(int) (at & mask)];
  }

  private void emit(float[][] dst, int offset, int n) {
    if (out == 0) {
      for (int j = -half; j <= half; j++) sum += gm(j);
    }
    final long last = eof ? nIn - 1 : Long.MAX_VALUE;
    for (int k = 0; k < n; k++) {
      long i = out + k;
      double box = sum / (2 * half + 1);
      double gi = Math.min(box, rel * prev + (1 - rel) * box);
      float rf = (float) gi;
      prev = gi;
      if (gi < minGain) minGain = gi;
      sum += gm(Math.min(last, i + half + 1)) - gm(Math.max(0, i - half));
      int s = (int) (i & mask);
      for (int c = 0; c < ch; c++) dst[c][offset + k] = (float) (raw[c][s] * g * rf);
    }
    out += n;
  }

  @Override
  public void close() {
    src.close();
  }
}
