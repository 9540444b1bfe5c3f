package io.themachine.audio.separation;

import io.themachine.audio.Backend;
import io.themachine.audio.dsp.FeatureMatrix;
import io.themachine.audio.dsp.Spectrogram;
import io.themachine.audio.dsp.Stft;
import io.themachine.audio.internal.cpu.BlockSeparator;
import io.themachine.audio.separation.SeparationKernel.Axis;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Harmonic-percussive source separation by median filtering (Fitzgerald 2010; Driedger, Mueller
 * and Disch 2014 for the margins), as {@code librosa.decompose.hpss} and {@code librosa.effects.hpss}
 * do it: {@code H = median_filter(|X|, size=(1, kernel_size_harmonic))},
 * {@code P = median_filter(|X|, size=(kernel_size_percussive, 1))} ({@code mode='reflect'}),
 * {@code mask_H = softmask(H, margin_harmonic * P, power, split_zeros)},
 * {@code mask_P = softmask(P, margin_percussive * H, power, split_zeros)} with
 * {@code split_zeros} when both margins are 1; the stems are the masks applied to the complex
 * mixture STFT, inverted with the same {@link Stft} to the input's length. With a margin above 1
 * the {@code residual} stem is the rest of the mixture ({@code X (1 - mask_H - mask_P)}), so the
 * stems add up to the input.
 *
 * <p>Streams in blocks of 512 frames with {@code kernel_size_harmonic / 2} frames of context on
 * each side, so memory does not grow with the length and a streamed result equals the whole-signal
 * one bit for bit.
 *
 * <pre>{@code
 * Stems s = Hpss.librosa().margin(2.0).separate(audio, Backend.VECTOR);
 * s.get("percussive").audio();
 * }</pre>
 *
 * @param stft                   the analysis and synthesis transform
 * @param kernel_size_harmonic   median width along time, frames (librosa default 31)
 * @param kernel_size_percussive median width along frequency, bins (librosa default 31)
 * @param power                  mask exponent, positive; {@code Double.POSITIVE_INFINITY} gives hard masks
 * @param margin_harmonic        at least 1
 * @param margin_percussive      at least 1
 */
public record Hpss(Stft stft, int kernel_size_harmonic, int kernel_size_percussive, double power, double margin_harmonic,
    double margin_percussive) implements Separator {

  public Hpss {
    Objects.requireNonNull(stft, "stft");
    if (kernel_size_harmonic < 1) throw new IllegalArgumentException("kernel_size_harmonic must be positive: " + kernel_size_harmonic);
    if (kernel_size_percussive < 1) throw new IllegalArgumentException("kernel_size_percussive must be positive: " + kernel_size_percussive);
    if (!(power > 0)) throw new IllegalArgumentException("power must be positive: " + power);
    if (!(margin_harmonic >= 1) || Double.isInfinite(margin_harmonic)) throw new IllegalArgumentException("margin_harmonic must be >= 1: " + margin_harmonic);
    if (!(margin_percussive >= 1) || Double.isInfinite(margin_percussive)) throw new IllegalArgumentException("margin_percussive must be >= 1: " + margin_percussive);
  }

  /** librosa's defaults: n_fft 2048, hop 512, periodic Hann, centred with zero padding; kernels 31, power 2, margins 1. */
  public static Hpss librosa() {
    return new Hpss(Stft.librosa(2048), 31, 31, 2.0, 1.0, 1.0);
  }

  public Hpss stft(Stft v) { return new Hpss(v, kernel_size_harmonic, kernel_size_percussive, power, margin_harmonic, margin_percussive); }

  /** The same kernel size along both axes. */
  public Hpss kernel_size(int v) { return kernel_size(v, v); }

  public Hpss kernel_size(int harmonic, int percussive) { return new Hpss(stft, harmonic, percussive, power, margin_harmonic, margin_percussive); }

  public Hpss power(double v) { return new Hpss(stft, kernel_size_harmonic, kernel_size_percussive, v, margin_harmonic, margin_percussive); }

  /** The same margin for both stems. */
  public Hpss margin(double v) { return margin(v, v); }

  public Hpss margin(double harmonic, double percussive) {
    return new Hpss(stft, kernel_size_harmonic, kernel_size_percussive, power, harmonic, percussive);
  }

  @Override
  public String method() {
    return "hpss";
  }

  /** True when a margin exceeds 1, so the masks leave a residual. */
  public boolean hasResidual() {
    return margin_harmonic > 1 || margin_percussive > 1;
  }

  @Override
  public List<String> stemNames() {
    return hasResidual() ? List.of("harmonic", "percussive", "residual") : List.of("harmonic", "percussive");
  }

  /**
   * The masks of a magnitude spectrogram ({@code librosa.decompose.hpss(S, mask=True)}).
   *
   * @param harmonic   harmonic mask, bins x frames
   * @param percussive percussive mask
   */
  public record Masks(FeatureMatrix harmonic, FeatureMatrix percussive) {}

  /** {@code librosa.decompose.hpss(S, kernel_size, power, mask=True, margin)} on a magnitude spectrogram. */
  public Masks masks(FeatureMatrix magnitude, SeparationKernel kernel) {
    int bins = magnitude.rows(), frames = magnitude.frames();
    FeatureMatrix h = FeatureMatrix.zeros(bins, frames), p = FeatureMatrix.zeros(bins, frames);
    FeatureMatrix mh = FeatureMatrix.zeros(bins, frames), mp = FeatureMatrix.zeros(bins, frames);
    masks(kernel, magnitude, h, p, mh, mp);
    return new Masks(mh, mp);
  }

  private void masks(SeparationKernel k, FeatureMatrix s, FeatureMatrix h, FeatureMatrix p, FeatureMatrix mh, FeatureMatrix mp) {
    k.medianFilter(s, Axis.TIME, kernel_size_harmonic, h);
    k.medianFilter(s, Axis.FREQUENCY, kernel_size_percussive, p);
    boolean split = margin_harmonic == 1 && margin_percussive == 1;
    k.softMask(h, p, (float) margin_harmonic, power, split, mh);
    k.softMask(p, h, (float) margin_percussive, power, split, mp);
  }

  @Override
  public Stems separate(AudioBuffer audio, Backend backend) {
    return Engine.run(method(), stemNames(), stft, stage(backend.separation()), Engine.BLOCK, audio);
  }

  @Override
  public AudioBlockReader stream(AudioBlockReader in, String stem, Backend backend) {
    int i = Engine.index(stemNames(), stem, method());
    return Engine.stream(in, stft, stage(backend.separation()), Engine.BLOCK, i);
  }

  BlockSeparator.MaskStage stage(SeparationKernel k) {
    boolean residual = hasResidual();
    return new BlockSeparator.MaskStage() {
      @Override public int stems() { return residual ? 3 : 2; }

      // the time median of frame t reads frames t - w/2 .. t + (w - 1 - w/2)
      @Override public int contextFrames() { return kernel_size_harmonic / 2; }

      @Override
      public void masks(Spectrogram[] complex, FeatureMatrix[] magnitude, int from, int to, FeatureMatrix[][] masks) {
        for (int c = 0; c < magnitude.length; c++) {
          FeatureMatrix s = magnitude[c];
          FeatureMatrix h = FeatureMatrix.zeros(s.rows(), s.frames()), p = FeatureMatrix.zeros(s.rows(), s.frames());
          Hpss.this.masks(k, s, h, p, masks[0][c], masks[1][c]);
          if (residual) {
            float[] mh = masks[0][c].data(), mp = masks[1][c].data(), r = masks[2][c].data();
            for (int i = 0; i < r.length; i++) r[i] = Math.max(0f, 1f - mh[i] - mp[i]);
          }
        }
      }
    };
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "Hpss[kernel_size=(%d, %d), power=%s, margin=(%s, %s), n_fft=%d, hop_length=%d]",
        kernel_size_harmonic, kernel_size_percussive, power, margin_harmonic, margin_percussive, stft.n_fft(), stft.hop_length());
  }
}
