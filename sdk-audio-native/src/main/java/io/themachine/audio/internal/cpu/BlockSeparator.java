package io.themachine.audio.internal.cpu;

import io.themachine.audio.dsp.FeatureMatrix;
import io.themachine.audio.dsp.Spectrogram;
import io.themachine.audio.dsp.Stft;

/**
 * Mask-based separation in blocks of STFT frames with bounded memory: samples are pushed in, frames
 * are transformed as soon as their samples are there, masks are computed for a block of frames
 * with {@link MaskStage#contextFrames()} frames of context on each side (fewer only at the true
 * edges of the signal), every stem's masked frames are inverse-transformed and overlap-added, and
 * finished samples are pushed out. Masks that depend on at most {@code contextFrames} neighbouring
 * frames (a time median of width {@code w} needs {@code w / 2}) therefore equal the whole-signal
 * masks, and the output equals {@link Stft#complex}, mask, {@link Stft#inverse} on the whole signal
 * bit for bit: frames come from {@link Framer} either way, masked values are rounded to float the
 * same way, and the overlap-add sums frames in the same order in double.
 *
 * <p>Memory: the samples of one block plus context, {@code channels x bins x (block + 2 context)}
 * complex values and magnitudes, the stems' masks for one block, and overlap-add buffers of 256
 * frames per stem and channel (finished samples are emitted every 256 frames).
 */
public final class BlockSeparator {
  /** Computes the masks of a block. */
  public interface MaskStage {
    int stems();

    /** Frames of context needed on each side of a block. */
    int contextFrames();

    /**
     * Masks for the block's own frames {@code [from, to)} of a matrix that includes the context:
     * {@code masks[stem][channel]} is {@code bins x frames} like {@code magnitude[channel]}
     * ({@code |X|}); its other columns are ignored.
     */
    void masks(Spectrogram[] complex, FeatureMatrix[] magnitude, int from, int to, FeatureMatrix[][] masks);
  }

  /** Receives finished output: {@code stems[s][c][0 .. n)} for the next {@code n} samples. */
  public interface Sink {
    void accept(float[][][] stems, int n);
  }

  private final Stft stft;
  private final SpectrumKernel k;
  private final int channels;
  private final MaskStage stage;
  private final Sink sink;
  private final int block;
  private final int ctx;
  private final int bins;
  private final int stems;
  private final int skip;

  // input samples [inStart, inStart + inLen) per channel
  private float[][] in;
  private long inStart;
  private int inLen;
  private long total = -1; // known at finish
  private boolean ended;

  // transformed frames [fStart, fStart + fCount): per channel re/im, frame-major for cheap appends
  private float[][] fre;
  private float[][] fim;
  private long fStart;
  private int fCount;
  private long nextOut; // first frame not yet masked and overlap-added

  // overlap-add buffers per stem and channel, original sample coordinates from olaStart
  private final double[][][] y;
  private double[] wss;
  private long olaStart;
  private long emitted;
  private final double[] buf;
  private float[] maskT = new float[0];
  private static final int TILE = 16;
  private static final int OLA_CHUNK = 256;
  private final double[] re;
  private final double[] im;
  private final float[][][] out;

  public BlockSeparator(Stft stft, int channels, MaskStage stage, int blockFrames, Sink sink) {
    if (channels < 1) throw new IllegalArgumentException("channels must be positive: " + channels);
    this.stft = stft;
    this.k = new SpectrumKernel(stft.n_fft(), stft.hop_length(), stft.windowValues(), stft.center(), stft.pad_mode());
    this.channels = channels;
    this.stage = stage;
    this.sink = sink;
    this.ctx = stage.contextFrames();
    this.block = Math.max(blockFrames, Math.max(1, ctx));
    this.bins = k.bins;
    this.stems = stage.stems();
    this.skip = stft.center() ? stft.n_fft() / 2 : 0;
    this.in = new float[channels][Math.max(stft.n_fft() * 2, 1 << 14)];
    this.fre = new float[channels][bins * 64];
    this.fim = new float[channels][bins * 64];
    int olaCap = stft.n_fft() + stft.hop_length() * (OLA_CHUNK + 1);
    this.y = new double[stems][channels][olaCap];
    this.wss = new double[olaCap];
    this.olaStart = -skip;
    this.buf = new double[stft.n_fft()];
    this.re = new double[bins];
    this.im = new double[bins];
    this.out = new float[stems][channels][0];
  }

  public Stft stft() {
    return stft;
  }

  /** Bytes held in this separator's buffers now (samples, frames, overlap-add, masks): a memory probe for tests. */
  public long bufferedBytes() {
    long b = 4L * channels * in[0].length + 4L * channels * (fre[0].length + fim[0].length) + 8L * wss.length * (1 + (long) stems * channels)
        + 4L * maskT.length;
    for (float[][] s : out) for (float[] c : s) b += 4L * c.length;
    return b;
  }

  /** Appends {@code n} samples of every channel ({@code planar[c][off ..]}). */
  public void accept(float[][] planar, int off, int n) {
    if (ended) throw new IllegalStateException("accept after finish");
    for (int c = 0; c < channels; c++) {
      float[] x = planar[c];
      for (int i = 0; i < n; i++) {
        if (!Float.isFinite(x[off + i])) {
          throw new IllegalArgumentException("separate: sample " + (inStart + inLen + i) + " of channel " + c + " is " + x[off + i]
              + "; separation needs finite samples");
        }
      }
    }
    int pos = 0;
    while (pos < n) {
      int m = Math.min(n - pos, 1 << 16);
      append(planar, off + pos, m);
      pos += m;
      pump();
    }
  }

  /** Ends the signal: the remaining frames are processed and every output sample is pushed. */
  public void finish() {
    if (ended) return;
    ended = true;
    total = inStart + inLen;
    pump();
  }

  private void append(float[][] planar, int off, int n) {
    if (inLen + n > in[0].length) {
      // drop samples no future frame needs, then grow if still short
      long keep = Math.max(0, Math.min(inStart + inLen, frameStart(fStart + fCount) - stft.n_fft()));
      int drop = (int) Math.max(0, keep - inStart);
      if (drop > 0) {
        for (int c = 0; c < channels; c++) System.arraycopy(in[c], drop, in[c], 0, inLen - drop);
        inStart += drop;
        inLen -= drop;
      }
      if (inLen + n > in[0].length) {
        int cap = Math.max(in[0].length * 2, inLen + n);
        for (int c = 0; c < channels; c++) in[c] = java.util.Arrays.copyOf(in[c], cap);
      }
    }
    for (int c = 0; c < channels; c++) System.arraycopy(planar[c], off, in[c], inLen, n);
    inLen += n;
  }

  private long frameStart(long t) {
    return k.start(t);
  }

  private long totalFrames() {
    return SpectrumKernel.frames(total, stft.n_fft(), stft.hop_length(), stft.center());
  }

  private boolean ready(long t) {
    if (ended) return t < totalFrames();
    long read = inStart + inLen;
    return frameStart(t) + stft.n_fft() <= read && read > stft.n_fft() / 2;
  }

  /** Transforms every ready frame, then processes every block whose context is complete. */
  private void pump() {
    while (true) {
      long avail = fStart + fCount;
      while (ready(avail)) {
        transform(avail);
        avail++;
      }
      long end = ended ? totalFrames() : -1;
      if (nextOut >= avail && !ended) return;
      long o1 = Math.min(nextOut + block, ended ? end : Long.MAX_VALUE);
      if (!ended && o1 + ctx > avail) return;
      if (ended && nextOut >= end) {
        flush(true);
        return;
      }
      process(nextOut, o1, ended ? end : avail);
      nextOut = o1;
      flush(false);
      // frames before nextOut - ctx are no longer needed as context
      long dropTo = Math.max(fStart, nextOut - ctx);
      int drop = (int) (dropTo - fStart);
      if (drop > 0) {
        for (int c = 0; c < channels; c++) {
          System.arraycopy(fre[c], drop * bins, fre[c], 0, (fCount - drop) * bins);
          System.arraycopy(fim[c], drop * bins, fim[c], 0, (fCount - drop) * bins);
        }
        fStart += drop;
        fCount -= drop;
      }
    }
  }

  private void transform(long t) {
    if ((fCount + 1) * bins > fre[0].length) {
      for (int c = 0; c < channels; c++) {
        fre[c] = java.util.Arrays.copyOf(fre[c], fre[0].length * 2);
        fim[c] = java.util.Arrays.copyOf(fim[c], fim[0].length * 2);
      }
    }
    int o = fCount * bins;
    for (int c = 0; c < channels; c++) {
      k.transform(in[c], inStart, inLen, ended ? total : -1, t);
      for (int b = 0; b < bins; b++) {
        fre[c][o + b] = (float) k.re[b];
        fim[c][o + b] = (float) k.im[b];
      }
    }
    fCount++;
  }

  /** Masks frames {@code [o0, o1)} using context up to {@code avail}, overlap-adds them, emits finished samples. */
  private void process(long o0, long o1, long avail) {
    long c0 = Math.max(fStart, o0 - ctx);
    long c1 = Math.min(avail, o1 + ctx);
    int n = (int) (c1 - c0);
    Spectrogram[] cx = new Spectrogram[channels];
    FeatureMatrix[] mag = new FeatureMatrix[channels];
    int base = (int) (c0 - fStart);
    for (int c = 0; c < channels; c++) {
      float[] r = new float[bins * n], i = new float[bins * n], m = new float[bins * n];
      float[] sr = fre[c], si = fim[c];
      // frame-major to bins-major in tiles of TILE frames: each row gets a contiguous run per tile
      for (int t0 = 0; t0 < n; t0 += TILE) {
        int nt = Math.min(TILE, n - t0);
        for (int b = 0; b < bins; b++) {
          int dst = b * n + t0;
          for (int t = 0; t < nt; t++) {
            int src = (base + t0 + t) * bins + b;
            float a = sr[src], q = si[src];
            r[dst + t] = a;
            i[dst + t] = q;
            m[dst + t] = (float) Math.sqrt((double) a * a + (double) q * q);
          }
        }
      }
      cx[c] = new Spectrogram(bins, n, r, i);
      mag[c] = new FeatureMatrix(bins, n, m);
    }
    FeatureMatrix[][] masks = new FeatureMatrix[stems][channels];
    for (int s = 0; s < stems; s++) for (int c = 0; c < channels; c++) masks[s][c] = FeatureMatrix.zeros(bins, n);
    int from = (int) (o0 - c0), count = (int) (o1 - o0);
    stage.masks(cx, mag, from, from + count, masks);
    // the block's masks back to frame-major, so applying them reads contiguous runs
    // Overlap-add in chunks of OLA_CHUNK frames, emitting the finished samples after each chunk, so
    // the double buffers stay a chunk long even when the block is the whole signal (NMF).
    if (maskT.length < OLA_CHUNK * bins) maskT = new float[OLA_CHUNK * bins];
    double[] w = k.window;
    int nFft = stft.n_fft(), hop = stft.hop_length();
    for (int q0 = 0; q0 < count; q0 += OLA_CHUNK) {
      int q1 = Math.min(count, q0 + OLA_CHUNK);
      for (int s = 0; s < stems; s++) {
        for (int c = 0; c < channels; c++) {
          // the chunk's masks back to frame-major, so applying them reads contiguous runs
          float[] mk = masks[s][c].data();
          for (int t0 = q0; t0 < q1; t0 += TILE) {
            int nt = Math.min(TILE, q1 - t0);
            for (int b = 0; b < bins; b++) {
              int src = b * n + from + t0;
              for (int t = 0; t < nt; t++) maskT[(t0 - q0 + t) * bins + b] = mk[src + t];
            }
          }
          float[] sr = fre[c], si = fim[c];
          for (int t = q0; t < q1; t++) {
            long start = (o0 + t) * hop - skip;
            int o = (int) (start - olaStart);
            ensureOla(o + nFft);
            double[] yy = y[s][c];
            int mo = (t - q0) * bins, fo = (base + from + t) * bins;
            for (int b = 0; b < bins; b++) {
              float mv = maskT[mo + b];
              re[b] = mv * sr[fo + b];
              im[b] = mv * si[fo + b];
            }
            k.fft.inverse(re, im, buf);
            for (int j = 0; j < nFft; j++) yy[o + j] += buf[j] * w[j];
          }
        }
      }
      for (int t = q0; t < q1; t++) {
        int o = (int) ((o0 + t) * hop - skip - olaStart);
        ensureOla(o + nFft);
        for (int j = 0; j < nFft; j++) wss[o + j] += w[j] * w[j];
      }
      // every frame before o0 + q1 is added: the samples before its start are final
      nextOut = o0 + q1;
      flush(false);
    }
  }

  private void ensureOla(int need) {
    if (need <= wss.length) return;
    int cap = Math.max(need, wss.length * 2);
    wss = java.util.Arrays.copyOf(wss, cap);
    for (double[][] s : y) for (int c = 0; c < channels; c++) s[c] = java.util.Arrays.copyOf(s[c], cap);
  }

  /** Emits the samples no later frame touches: those before frame {@code nextOut}'s start (all of them at the end). */
  private void flush(boolean all) {
    long finalEnd = all ? total : Math.min(nextOutStart(), ended ? total : Long.MAX_VALUE);
    if (finalEnd <= emitted) return;
    int n = (int) (finalEnd - emitted);
    int from = (int) (emitted - olaStart);
    double tiny = Float.MIN_NORMAL;
    int cap = wss.length;
    for (int s = 0; s < stems; s++) {
      for (int c = 0; c < channels; c++) {
        double[] yy = y[s][c];
        float[] dst = out[s][c].length >= n ? out[s][c] : (out[s][c] = new float[n]);
        for (int i = 0; i < n; i++) {
          int p = from + i;
          if (p >= cap) { dst[i] = 0f; continue; }
          double v = yy[p], d = wss[p];
          dst[i] = (float) (d > tiny ? v / d : v);
        }
      }
    }
    sink.accept(out, n);
    emitted = finalEnd;
    // shift the overlap-add buffers so they start at the first unemitted sample
    int shift = (int) Math.min(cap, emitted - olaStart);
    if (shift > 0) {
      for (int s = 0; s < stems; s++) {
        for (int c = 0; c < channels; c++) {
          double[] yy = y[s][c];
          System.arraycopy(yy, shift, yy, 0, cap - shift);
          java.util.Arrays.fill(yy, cap - shift, cap, 0.0);
        }
      }
      System.arraycopy(wss, shift, wss, 0, cap - shift);
      java.util.Arrays.fill(wss, cap - shift, cap, 0.0);
      olaStart += shift;
    }
  }

  /** Original index of the first sample a not-yet-added frame touches. */
  private long nextOutStart() {
    return Math.max(0, nextOut * stft.hop_length() - skip);
  }
}
