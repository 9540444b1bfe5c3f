package io.themachine.audio.dsp;

/** Whose defaults and conventions a preset follows; written to the manifest as {@code preset}. */
public enum Convention {
  /** librosa 0.11: zero padding, Slaney mel with area norm, FFT bin {@code k} at {@code k sr / n_fft}, fmax {@code sr / 2}. */
  LIBROSA,
  /** torchaudio 0.13: reflect padding, HTK mel without norm, bins on {@code linspace(0, sr // 2)}, f_max {@code sr // 2}. */
  TORCHAUDIO;

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Convention parse(String s) {
    return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "librosa" -> LIBROSA;
      case "torchaudio" -> TORCHAUDIO;
      default -> throw new IllegalArgumentException("preset must be librosa or torchaudio: " + s);
    };
  }
}
