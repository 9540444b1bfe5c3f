package io.themachine.audio.dsp;

/**
 * A complex STFT, bins x frames, row-major like {@link FeatureMatrix}: {@code re[k * frames + t]}.
 *
 * @param bins {@code n_fft / 2 + 1}
 * @param frames columns
 * @param re real parts
 * @param im imaginary parts
 */
public record Spectrogram(int bins, int frames, float[] re, float[] im) {
  public Spectrogram {
    if ((long) bins * frames != re.length || re.length != im.length) {
      throw new IllegalArgumentException("Spectrogram " + bins + " x " + frames + " does not match its arrays");
    }
  }

  @Override
  public String toString() {
    return "Spectrogram[" + bins + " x " + frames + " complex]";
  }
}
