package io.themachine.audio.internal.cuda;

import java.util.Objects;

/**
 * What the CUDA log-mel kernels compute, in plain values (the public {@code MelSpec} presets map
 * onto it: window values padded to {@code nFft}, the dense filter bank, the log step).
 *
 * @param nFft       FFT size
 * @param hop        samples between frames
 * @param window     {@code nFft} window values (a shorter window zero-padded and centred)
 * @param center     centred frames ({@code nFft / 2} padding each side)
 * @param reflect    reflect padding (torchaudio) instead of zeros (librosa "constant")
 * @param nMels      bands
 * @param filterBank dense {@code nMels x (nFft / 2 + 1)} weights, row-major; turned sparse for the kernel
 * @param power      exponent on |X| (2 power, 1 magnitude)
 * @param log        the log step
 * @param amin       floor of {@link Log#DB}
 * @param ref        reference power of {@link Log#DB}
 * @param topDb      {@link Log#DB} floor below the clip's maximum; NaN for none
 * @param offset     {@link Log#LN} offset
 */
public record MelParams(int nFft, int hop, float[] window, boolean center, boolean reflect, int nMels, float[] filterBank,
    double power, Log log, float amin, float ref, float topDb, float offset) {

  /** The log step after the mel bands. */
  public enum Log {
    /** Power (or magnitude) mel, no log. */
    NONE,
    /** librosa {@code power_to_db}: {@code 10 log10(max(S, amin)) - 10 log10(max(amin, ref))}, optional top_db. */
    DB,
    /** {@code ln(S + offset)}. */
    LN
  }

  public MelParams {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(filterBank, "filterBank");
    Objects.requireNonNull(log, "log");
    if (nFft < 2 || hop < 1 || nMels < 1) throw new IllegalArgumentException("bad mel parameters");
    if (window.length != nFft) throw new IllegalArgumentException("window must have nFft values");
    if (filterBank.length != nMels * (nFft / 2 + 1)) throw new IllegalArgumentException("filter bank must be nMels x (nFft/2+1)");
  }

  public int bins() {
    return nFft / 2 + 1;
  }

  /** Frames for a clip of {@code n} samples: centred {@code 1 + n / hop}, else {@code 1 + (n - nFft) / hop} (0 if shorter). */
  public int frames(long n) {
    if (center) return (int) (1 + n / hop);
    return n < nFft ? 0 : (int) (1 + (n - nFft) / hop);
  }

  /** Kernel mode number (see {@code melspec.cu}). */
  int mode() {
    return switch (log) {
      case NONE -> 0;
      case DB -> 1;
      case LN -> 2;
    };
  }

  @Override
  public String toString() {
    return "MelParams[n_fft=" + nFft + ", hop=" + hop + ", n_mels=" + nMels + ", center=" + center + ", "
        + (reflect ? "reflect" : "constant") + ", power=" + power + ", log=" + log + "]";
  }
}
