package io.themachine.audio.separation;

import io.themachine.audio.Backend;
import io.themachine.audio.dsp.FeatureMatrix;
import io.themachine.audio.dsp.Spectrogram;
import io.themachine.audio.dsp.Stft;
import io.themachine.audio.internal.cpu.BlockSeparator;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * REPET-SIM vocal separation (Rafii and Pardo 2012) as librosa's vocal-separation example does it:
 * {@code S_filter = nn_filter(|X|, aggregate=np.median, metric='cosine', width=min_seconds)},
 * {@code S_filter = min(|X|, S_filter)},
 * {@code mask_i = softmask(S_filter, margin_i (|X| - S_filter), power)},
 * {@code mask_v = softmask(|X| - S_filter, margin_v S_filter, power)}; {@code vocals} (the
 * foreground) is {@code mask_v X}, {@code instrumental} (the background) {@code mask_i X}. Each
 * channel has its own masks.
 *
 * <p>The neighbour search is bounded to {@code search_seconds} on each side (librosa searches the
 * whole signal, which is quadratic in its length), so this streams with {@code search_seconds} of
 * context and a streamed result equals the whole-signal one; {@code search_seconds = 0} searches
 * everything and holds the whole spectrogram. {@code k = 0} takes librosa's rule
 * {@code 2 ceil(sqrt(t - 2 width + 1))} with {@code t} the search span ({@code 2 max + 1} frames,
 * or all frames when unbounded).
 *
 * @param stft        the analysis and synthesis transform
 * @param k           neighbours per frame; 0: librosa's rule
 * @param min_seconds smallest distance of a neighbour (librosa example: 2 s)
 * @param search_seconds largest distance searched; 0: unbounded
 * @param margin_i    background margin (librosa example: 2)
 * @param margin_v    foreground margin (librosa example: 10)
 * @param power       mask exponent (librosa example: 2)
 */
public record RepetSim(Stft stft, int k, double min_seconds, double search_seconds, double margin_i, double margin_v, double power)
    implements Separator {

  public RepetSim {
    Objects.requireNonNull(stft, "stft");
    if (k < 0) throw new IllegalArgumentException("k must be 0 (librosa's rule) or positive: " + k);
    if (!(min_seconds >= 0) || Double.isInfinite(min_seconds)) throw new IllegalArgumentException("min_seconds must be >= 0: " + min_seconds);
    if (!(search_seconds >= 0) || Double.isInfinite(search_seconds)) throw new IllegalArgumentException("search_seconds must be >= 0: " + search_seconds);
    if (search_seconds > 0 && search_seconds < min_seconds) throw new IllegalArgumentException("search_seconds must be 0 or at least min_seconds");
    if (!(margin_i > 0) || !(margin_v > 0) || Double.isInfinite(margin_i) || Double.isInfinite(margin_v)) {
      throw new IllegalArgumentException("margin_i and margin_v must be positive");
    }
    if (!(power > 0)) throw new IllegalArgumentException("power must be positive: " + power);
  }

  /** librosa's example: n_fft 2048, hop 512, neighbours at least 2 s away, margins 2 and 10, power 2; search bounded to 20 s. */
  public static RepetSim librosa() {
    return new RepetSim(Stft.librosa(2048), 0, 2.0, 20.0, 2.0, 10.0, 2.0);
  }

  public RepetSim stft(Stft v) { return new RepetSim(v, k, min_seconds, search_seconds, margin_i, margin_v, power); }

  public RepetSim k(int v) { return new RepetSim(stft, v, min_seconds, search_seconds, margin_i, margin_v, power); }

  public RepetSim min_seconds(double v) { return new RepetSim(stft, k, v, search_seconds, margin_i, margin_v, power); }

  public RepetSim search_seconds(double v) { return new RepetSim(stft, k, min_seconds, v, margin_i, margin_v, power); }

  public RepetSim margin(double i, double v) { return new RepetSim(stft, k, min_seconds, search_seconds, i, v, power); }

  public RepetSim power(double v) { return new RepetSim(stft, k, min_seconds, search_seconds, margin_i, margin_v, v); }

  @Override
  public String method() {
    return "repet-sim";
  }

  @Override
  public List<String> stemNames() {
    return List.of("vocals", "instrumental");
  }

  /** {@code librosa.time_to_frames(seconds, sr, hop_length)}: {@code floor(seconds * sr) // hop}, at least 1. */
  int frames(double seconds, int sampleRate) {
    return (int) Math.max(1, (long) Math.floor(seconds * sampleRate) / stft.hop_length());
  }

  /** The search bound in frames, 0 when unbounded. */
  int maxFrames(int sampleRate) {
    return search_seconds == 0 ? 0 : Math.max(frames(search_seconds, sampleRate), frames(min_seconds, sampleRate));
  }

  /** k for a search span of {@code span} frames. */
  int neighbours(int span, int minFrames) {
    if (k > 0) return k;
    return (int) Math.max(1, 2 * Math.ceil(Math.sqrt(Math.max(0, span - 2 * minFrames + 1))));
  }

  @Override
  public Stems separate(AudioBuffer audio, Backend backend) {
    int maxF = maxFrames(audio.sampleRate());
    return Engine.run(method(), stemNames(), stft, stage(backend.separation(), audio.sampleRate()), maxF == 0 ? Engine.WHOLE : Math.max(Engine.BLOCK, maxF), audio);
  }

  @Override
  public AudioBlockReader stream(AudioBlockReader in, String stem, Backend backend) {
    int i = Engine.index(stemNames(), stem, method());
    int maxF = maxFrames(in.sampleRate());
    return Engine.stream(in, stft, stage(backend.separation(), in.sampleRate()), maxF == 0 ? Engine.WHOLE : Math.max(Engine.BLOCK, maxF), i);
  }

  BlockSeparator.MaskStage stage(SeparationKernel kernel, int sampleRate) {
    int minF = frames(min_seconds, sampleRate);
    int maxF = maxFrames(sampleRate);
    return new BlockSeparator.MaskStage() {
      @Override public int stems() { return 2; }

      @Override public int contextFrames() { return maxF == 0 ? Engine.WHOLE : maxF; }

      @Override
      public void masks(Spectrogram[] complex, FeatureMatrix[] magnitude, int from, int to, FeatureMatrix[][] masks) {
        for (int c = 0; c < magnitude.length; c++) {
          FeatureMatrix s = magnitude[c];
          int kk = neighbours(maxF == 0 ? s.frames() : 2 * maxF + 1, minF);
          FeatureMatrix model = FeatureMatrix.zeros(s.rows(), s.frames());
          kernel.similarityMedian(s, kk, minF, maxF, from, to, model);
          float[] sd = s.data(), md = model.data();
          FeatureMatrix rest = FeatureMatrix.zeros(s.rows(), s.frames());
          float[] rd = rest.data();
          for (int i = 0; i < rd.length; i++) rd[i] = sd[i] - md[i];
          kernel.softMask(rest, model, (float) margin_v, power, false, masks[0][c]);
          kernel.softMask(model, rest, (float) margin_i, power, false, masks[1][c]);
        }
      }
    };
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "RepetSim[k=%s, min_seconds=%s, search_seconds=%s, margin_i=%s, margin_v=%s, power=%s, n_fft=%d, hop_length=%d]",
        k == 0 ? "auto" : k, min_seconds, search_seconds, margin_i, margin_v, power, stft.n_fft(), stft.hop_length());
  }
}
