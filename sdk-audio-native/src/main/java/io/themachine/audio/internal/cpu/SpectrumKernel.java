package io.themachine.audio.internal.cpu;

import io.themachine.audio.dsp.PadMode;

/**
 * One STFT frame at a time: centred framing with padding, the window (win_length centred inside
 * n_fft, as librosa and torch.stft pad it), a real FFT. Owns its scratch; one per thread.
 */
public final class SpectrumKernel {
  public final int nFft;
  public final int hop;
  public final int bins;
  public final boolean center;
  public final PadMode padMode;
  public final double[] window; // n_fft long, zero outside [from, to)
  public final int from;
  public final int to;
  public final RealFft fft;
  public final double[] frame;
  public final double[] re;
  public final double[] im;

  public SpectrumKernel(int nFft, int hop, double[] win, boolean center, PadMode padMode) {
    this.nFft = nFft;
    this.hop = hop;
    this.center = center;
    this.padMode = padMode;
    this.bins = nFft / 2 + 1;
    this.window = new double[nFft];
    this.from = (nFft - win.length) / 2;
    this.to = from + win.length;
    System.arraycopy(win, 0, window, from, win.length);
    this.fft = new RealFft(nFft);
    this.frame = new double[nFft];
    this.re = new double[bins];
    this.im = new double[bins];
    this.batch = ComplexFft.batch(nFft);
    this.batchPower = batch == null ? null : new double[bins * batch.lanes()];
  }

  /** Vector batch plan (lane = frame), or null; its output is {@link #batchPower}. */
  public final BatchRfft batch;
  /** {@code |X_k|^2} of lane {@code j} at {@code [k * lanes + j]} after {@link #powerBatch}. */
  public final double[] batchPower;

  /** Frames per batch, 0 without the Vector API. */
  public int lanes() {
    return batch == null ? 0 : batch.lanes();
  }

  /**
   * {@code |X|^2} of frames {@code t0 .. t0 + lanes - 1} into {@link #batchPower} when all of them
   * are interior (no padding) and in the buffer; false (nothing done) otherwise. Each lane equals
   * {@link #power} for its frame.
   */
  public boolean powerBatch(float[] buf, long bufStart, int bufLen, long total, long t0) {
    if (batch == null) return false;
    int lanes = batch.lanes();
    long s0 = start(t0);
    long sLast = start(t0 + lanes - 1);
    long avail = total < 0 ? bufStart + bufLen : Math.min(total, bufStart + bufLen);
    if (s0 < 0 || s0 < bufStart || sLast + nFft > avail) return false;
    int off0 = (int) (s0 - bufStart);
    if (!batch.loadWindowed(buf, off0, hop, window)) {
      double[] zr = batch.packedRe(), zi = batch.packedIm();
      int h = nFft / 2;
      // sample-major: each k writes one contiguous run of lanes (frame-major order would touch a new
      // cache line with every write)
      for (int k = 0; k < h; k++) {
        double we = window[2 * k], wo = window[2 * k + 1];
        int o = k * lanes;
        for (int j = 0, off = off0 + 2 * k; j < lanes; j++, off += hop) {
          zr[o + j] = we * buf[off];
          zi[o + j] = wo * buf[off + 1];
        }
      }
    }
    batch.forwardPower(batchPower);
    return true;
  }

  /** librosa / torch frame count for a signal of {@code length} samples; 0 for an empty signal. */
  public static int frames(long length, int nFft, int hop, boolean center) {
    if (length <= 0) return 0;
    long padded = center ? length + 2L * (nFft / 2) : length;
    if (padded < nFft) return 0;
    return Math.toIntExact(1 + (padded - nFft) / hop);
  }

  /** First signal index of frame {@code t}. */
  public long start(long t) {
    return t * hop - (center ? nFft / 2 : 0);
  }

  /** Loads frame {@code t} and leaves its spectrum in {@link #re}, {@link #im}. */
  public void transform(float[] buf, long bufStart, int bufLen, long total, long t) {
    Framer.load(buf, bufStart, bufLen, total, start(t), padMode, window, from, to, frame);
    fft.forward(frame, re, im);
  }

  /**
   * {@code |X|^2} of frame {@code t} into {@code out}: for interior frames of even size the window is
   * applied while packing the FFT input and the power is taken while unpacking its output, which
   * saves two passes over the frame. Same values as {@link #transform} then {@link #spectrum}
   * up to the last bit of rounding (the same products, in the same order).
   */
  public void power(float[] buf, long bufStart, int bufLen, long total, long t, double[] out) {
    long s = start(t);
    long avail = total < 0 ? bufStart + bufLen : Math.min(total, bufStart + bufLen);
    if (!fft.packable() || s < 0 || s < bufStart || s + nFft > avail) {
      transform(buf, bufStart, bufLen, total, t);
      spectrum(2.0, out);
      return;
    }
    int off = (int) (s - bufStart);
    double[] zr = fft.packedRe(), zi = fft.packedIm();
    int h = nFft / 2;
    for (int k = 0; k < h; k++) {
      zr[k] = window[2 * k] * buf[off + 2 * k];
      zi[k] = window[2 * k + 1] * buf[off + 2 * k + 1];
    }
    fft.forwardPackedPower(out);
  }

  /** {@code |X|^power} of the last transform into {@code out[0 .. bins)}. */
  public void spectrum(double power, double[] out) {
    if (power == 2.0) {
      for (int k = 0; k < bins; k++) out[k] = re[k] * re[k] + im[k] * im[k];
    } else if (power == 1.0) {
      for (int k = 0; k < bins; k++) out[k] = Math.sqrt(re[k] * re[k] + im[k] * im[k]);
    } else {
      double h = power / 2.0;
      for (int k = 0; k < bins; k++) out[k] = Math.pow(re[k] * re[k] + im[k] * im[k], h);
    }
  }
}
