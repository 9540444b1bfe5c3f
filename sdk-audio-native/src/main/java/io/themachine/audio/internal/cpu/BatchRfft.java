package io.themachine.audio.internal.cpu;

/**
 * A real FFT of {@code lanes()} frames at once (lane {@code j} = frame {@code j}): every butterfly
 * is the same for all frames, so the whole transform runs on vectors with no shuffles. Layout:
 * value {@code i} of lane {@code j} at {@code [i * lanes + j]}. Not thread-safe.
 */
public interface BatchRfft {
  int lanes();

  /** Packed input, {@code n / 2} values per lane: {@code re[k] = x[2k]}, {@code im[k] = x[2k + 1]}. */
  double[] packedRe();

  double[] packedIm();

  /**
   * Fills the packed input with {@code lanes()} windowed frames, frame {@code j} starting at
   * {@code buf[off + j * hop]}: {@code re[k] = window[2k] * buf[..+ 2k]}, {@code im[k] = window[2k + 1]
   * * buf[..+ 2k + 1]}, the products in double. False (nothing done) where the engine has no fast
   * load for this shape; the caller then fills {@link #packedRe()} / {@link #packedIm()} itself.
   */
  default boolean loadWindowed(float[] buf, int off, int hop, double[] window) {
    return false;
  }

  /** Transforms the packed input; {@code |X_k|^2} for {@code k = 0 .. n/2} into {@code out[k * lanes + j]}. */
  void forwardPower(double[] out);

  /**
   * Transforms the packed input; the spectrum {@code X_k}, {@code k = 0 .. n/2}, into
   * {@code re, im [k * lanes + j]} ({@code RealFft.forward}'s split, lane by lane).
   */
  void forwardSpectrum(double[] re, double[] im);

  /**
   * {@code RealFft.inverse} of the spectra {@code re, im [k * lanes + j]}, {@code k = 0 .. n/2}
   * (imaginary parts of bins 0 and n/2 ignored), with the {@code 1/n} factor: sample {@code 2m} of
   * lane {@code j} into {@code even[m * lanes + j]}, sample {@code 2m + 1} into {@code odd[m * lanes + j]}.
   * Clobbers the packed input.
   */
  void inverse(double[] re, double[] im, double[] even, double[] odd);

  /** {@code mel[m * lanes + j] = sum_k W[m][k] power[k * lanes + j]}, in the scalar bank's order. */
  void applyMel(MelFilterBank bank, double[] power, double[] mel);
}
