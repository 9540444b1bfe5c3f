package io.themachine.audio.internal.cpu;

import io.themachine.audio.dsp.PadMode;

/**
 * STFT power frames in float32 for the STFT, mel and MFCC front ends: centred framing with padding
 * (through {@link Framer}, as {@link SpectrumKernel}), the window (win_length centred in n_fft,
 * rounded to float), {@code |X|^2} from {@link FloatBatchRfft}. Interior frames go {@link #lanes()}
 * at a time through the Vector engine; padded frames and streams one at a time through the scalar
 * engine, which rounds exactly as a vector lane does, so a frame's values never depend on the path
 * (streamed and whole-signal results stay bit-identical). Float32 against the float64
 * {@link SpectrumKernel}: about 1e-6 relative on strong bins, growing towards weak ones
 * (FloatSpectrumTest bounds it). One per thread.
 */
public final class FloatSpectrumKernel {
  public final int nFft;
  public final int hop;
  public final int bins;
  public final boolean center;
  public final PadMode padMode;
  private final float[] window;
  private final int from;
  private final int to;
  private final FloatBatchRfft one;
  private final FloatBatchRfft batch;
  private final double[] frame;
  /** {@code |X_k|^2} of lane {@code j} at {@code [k * lanes + j]} after {@link #powerBatch}. */
  public final float[] batchPower;

  /** Whether the float engine takes this size (even, radices 2, 3, 5); otherwise use {@link SpectrumKernel}. */
  public static boolean supports(int nFft) {
    return FloatBatchRfft.supports(nFft);
  }

  public FloatSpectrumKernel(int nFft, int hop, double[] win, boolean center, PadMode padMode) {
    this(nFft, hop, win, center, padMode, true);
  }

  /** {@code vector}: allow the Vector engine (false: the scalar reference for every frame). */
  public FloatSpectrumKernel(int nFft, int hop, double[] win, boolean center, PadMode padMode, boolean vector) {
    this.nFft = nFft;
    this.hop = hop;
    this.center = center;
    this.padMode = padMode;
    this.bins = nFft / 2 + 1;
    this.window = new float[nFft];
    this.from = (nFft - win.length) / 2;
    this.to = from + win.length;
    for (int j = 0; j < win.length; j++) window[from + j] = (float) win[j];
    this.one = FloatBatchRfft.scalar(nFft);
    this.batch = vector ? FloatBatchRfft.vector(nFft) : null;
    this.frame = new double[nFft];
    this.batchPower = batch == null ? null : new float[bins * batch.lanes()];
  }

  /** Frames per batch, 0 without the Vector API. */
  public int lanes() {
    return batch == null ? 0 : batch.lanes();
  }

  /** First signal index of frame {@code t}. */
  public long start(long t) {
    return t * hop - (center ? nFft / 2 : 0);
  }

  private boolean interior(long s0, long sLast, long bufStart, int bufLen, long total) {
    long avail = total < 0 ? bufStart + bufLen : Math.min(total, bufStart + bufLen);
    return s0 >= 0 && s0 >= bufStart && sLast + nFft <= avail;
  }

  /** Whether {@link #powerBatch} would take frames {@code t0 ..} of a whole signal of {@code total} samples. */
  public boolean batchFits(long t0, long total) {
    return batch != null && interior(start(t0), start(t0 + batch.lanes() - 1), 0, (int) Math.min(total, Integer.MAX_VALUE), total);
  }

  /**
   * {@code |X|^2} of frames {@code t0 .. t0 + lanes - 1} into {@link #batchPower} when all of them
   * are interior (no padding) and in the buffer; false (nothing done) otherwise.
   */
  public boolean powerBatch(float[] buf, long bufStart, int bufLen, long total, long t0) {
    if (batch == null) return false;
    long s0 = start(t0);
    if (!interior(s0, start(t0 + batch.lanes() - 1), bufStart, bufLen, total)) return false;
    batch.load(buf, (int) (s0 - bufStart), hop, window);
    batch.forwardPower(batchPower);
    return true;
  }

  /**
   * As {@link #powerBatch(float[], long, int, long, long)}, but the power goes straight into a bins x
   * frames matrix: lane {@code j} of bin {@code k} at {@code out[off + k * stride + j]}.
   */
  public boolean powerBatch(float[] buf, long bufStart, int bufLen, long total, long t0, float[] out, int off, int stride) {
    if (batch == null) return false;
    long s0 = start(t0);
    if (!interior(s0, start(t0 + batch.lanes() - 1), bufStart, bufLen, total)) return false;
    batch.load(buf, (int) (s0 - bufStart), hop, window);
    batch.forwardPower(out, off, stride);
    return true;
  }

  /** {@code |X|^2} of frame {@code t} into {@code out[0 .. bins)} (the scalar engine). */
  public void power(float[] buf, long bufStart, int bufLen, long total, long t, float[] out) {
    long s = start(t);
    if (interior(s, s, bufStart, bufLen, total)) {
      one.load(buf, (int) (s - bufStart), hop, window);
    } else {
      // padded: the samples as they are (window null), then the same float products as load()
      Framer.load(buf, bufStart, bufLen, total, s, padMode, null, from, to, frame);
      float[] zr = one.packedRe(), zi = one.packedIm();
      for (int k = 0; k < nFft / 2; k++) {
        zr[k] = window[2 * k] * (float) frame[2 * k];
        zi[k] = window[2 * k + 1] * (float) frame[2 * k + 1];
      }
    }
    one.forwardPower(out);
  }

  /** {@code mel[m * lanes + j]} from {@link #batchPower}, Vector engine. */
  public void melBatch(MelFilterBank bank, float[] mel) {
    batch.applyMel(bank, batchPower, mel);
  }

  /** {@code mel[m]} from one frame's power (scalar engine; same sums as a lane of {@link #melBatch}). */
  public void mel(MelFilterBank bank, float[] power, float[] mel) {
    one.applyMel(bank, power, mel);
  }
}
