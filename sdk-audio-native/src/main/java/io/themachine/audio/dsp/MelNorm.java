package io.themachine.audio.dsp;

/** Mel filter normalisation. */
public enum MelNorm {
  /** Triangles peak at 1 (torchaudio's default {@code norm=None}). */
  NONE,
  /** Slaney's area norm (librosa's default): filter {@code i} times {@code 2 / (f[i+2] - f[i])}, Hz. */
  SLANEY;

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
