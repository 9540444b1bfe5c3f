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
