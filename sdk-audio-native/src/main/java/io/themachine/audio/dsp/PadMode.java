package io.themachine.audio.dsp;

/** How centred framing extends the signal by {@code n_fft / 2} samples at each end (numpy.pad's names). */
public enum PadMode {
  /** Zeros: librosa's default since 0.10 ({@code pad_mode="constant"}). */
  CONSTANT,
  /**
   * Mirror without repeating the edge sample ({@code x[-k] = x[k]}): torchaudio's default. On a
   * signal shorter than {@code n_fft / 2 + 1} it keeps reflecting as {@code numpy.pad} does (period
   * {@code 2 (N - 1)}; a one-sample signal repeats), where {@code torch.stft} would refuse.
   */
  REFLECT,
  /** Repeats the edge sample: what librosa's zero-crossing rate pads with. */
  EDGE;

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
