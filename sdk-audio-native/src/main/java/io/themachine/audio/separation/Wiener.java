package io.themachine.audio.separation;

import io.themachine.audio.Backend;
import io.themachine.audio.dsp.FeatureMatrix;
import io.themachine.audio.dsp.Spectrogram;
import io.themachine.audio.dsp.Stft;
import io.themachine.spi.audio.AudioBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Ratio-mask (Wiener, with {@code power = 2}) post-filtering: stem estimates, from any method or a
 * model, are turned into masks {@code |S_j|^power / sum_k |S_k|^power} that are applied to the
 * complex mixture STFT, so the filtered stems add up to the mixture and keep its phase.
 */
public final class Wiener {
  private Wiener() {}

  /** Masks the mixture with the ratio masks of {@code estimates} (magnitudes, bins x frames). */
  public static Spectrogram[] apply(Spectrogram mixture, FeatureMatrix[] estimates, double power, SeparationKernel kernel) {
    FeatureMatrix[] masks = new FeatureMatrix[estimates.length];
    for (int j = 0; j < masks.length; j++) masks[j] = FeatureMatrix.zeros(mixture.bins(), mixture.frames());
    kernel.ratioMasks(estimates, power, masks);
    Spectrogram[] out = new Spectrogram[masks.length];
    for (int j = 0; j < masks.length; j++) out[j] = mask(mixture, masks[j]);
    return out;
  }

  /** {@code mask X}, cell by cell, rounded to float as the separators do. */
  public static Spectrogram mask(Spectrogram x, FeatureMatrix mask) {
    if (mask.rows() != x.bins() || mask.frames() != x.frames()) throw new IllegalArgumentException("mask: " + mask + " does not fit " + x);
    float[] m = mask.data(), re = new float[m.length], im = new float[m.length];
    for (int i = 0; i < m.length; i++) {
      re[i] = m[i] * x.re()[i];
      im[i] = m[i] * x.im()[i];
    }
    return new Spectrogram(x.bins(), x.frames(), re, im);
  }

  /**
   * Re-filters stem estimates against their mixture, channel by channel: each estimate's STFT
   * magnitude gives the ratio masks, applied to the mixture's STFT and inverted to the mixture's
   * length. Stems keep their names; the method becomes {@code <method>+wiener}.
   */
  public static Stems filter(AudioBuffer mixture, Stems estimates, Stft stft, double power, Backend backend) {
    SeparationKernel kernel = backend.separation();
    Engine.requireFinite(mixture, "wiener");
    int ch = mixture.channels(), n = mixture.frames(), k = estimates.stems().size();
    float[][][] out = new float[k][ch][];
    Stft.Plan plan = stft.plan();
    for (int c = 0; c < ch; c++) {
      Spectrogram mix = plan.complex(mixture.array(c));
      FeatureMatrix[] mags = new FeatureMatrix[k];
      for (int j = 0; j < k; j++) {
        AudioBuffer e = estimates.stems().get(j).audio();
        if (e.frames() != n || e.channels() != ch) throw new IllegalArgumentException("wiener: stem " + estimates.stems().get(j).name() + " does not match the mixture's shape");
        mags[j] = plan.spectrum(e.array(c), 1.0);
      }
      Spectrogram[] stems = apply(mix, mags, power, kernel);
      for (int j = 0; j < k; j++) out[j][c] = plan.inverse(stems[j], n);
    }
    List<String> names = new ArrayList<>(estimates.names());
    return Engine.stems(estimates.method() + "+wiener", names, mixture, out);
  }
}
