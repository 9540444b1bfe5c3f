package io.themachine.audio.separation;

import io.themachine.audio.Backend;
import io.themachine.audio.dsp.FeatureMatrix;
import io.themachine.audio.dsp.Spectrogram;
import io.themachine.audio.dsp.Stft;
import io.themachine.audio.internal.cpu.BlockSeparator;
import io.themachine.audio.separation.SeparationKernel.NmfLoss;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * NMF separation: the magnitude spectrogram {@code |X| ~ W H} with {@code rank} components by
 * {@code iterations} multiplicative updates (Lee and Seung 2001) of the chosen loss, from a seeded
 * initialisation (scikit-learn's {@code init='random'}: {@code sqrt(mean(V) / rank) |N(0, 1)|}, here
 * from {@link SplittableRandom}); stem {@code component_j} is the Wiener mask
 * {@code (W_j H_j)^power / sum_k (W_k H_k)^power} applied to the complex mixture. Channels share
 * {@code W} (their spectrograms are factorised side by side along time), so a component is the same
 * source in every channel.
 *
 * <p>The factorisation is global: the whole spectrogram is held, so memory grows with the length.
 *
 * @param stft       the analysis and synthesis transform
 * @param rank       components, 1 to 64
 * @param iterations multiplicative updates
 * @param seed       seed of the initial factors
 * @param loss       Euclidean or Kullback-Leibler
 * @param power      Wiener mask exponent (2: Wiener filter on magnitudes, 1: ratio of magnitudes)
 */
public record Nmf(Stft stft, int rank, int iterations, long seed, NmfLoss loss, double power) implements Separator {
  public Nmf {
    Objects.requireNonNull(stft, "stft");
    Objects.requireNonNull(loss, "loss");
    if (rank < 1 || rank > 64) throw new IllegalArgumentException("rank must be 1..64: " + rank);
    if (iterations < 0) throw new IllegalArgumentException("iterations must not be negative: " + iterations);
    if (!(power > 0) || Double.isInfinite(power)) throw new IllegalArgumentException("power must be positive and finite: " + power);
  }

  /** {@code rank} components, 100 Kullback-Leibler iterations, seed 0, Wiener masks; librosa's STFT (2048, 512). */
  public static Nmf of(int rank) {
    return new Nmf(Stft.librosa(2048), rank, 100, 0L, NmfLoss.KULLBACK_LEIBLER, 2.0);
  }

  public Nmf stft(Stft v) { return new Nmf(v, rank, iterations, seed, loss, power); }

  public Nmf iterations(int v) { return new Nmf(stft, rank, v, seed, loss, power); }

  public Nmf seed(long v) { return new Nmf(stft, rank, iterations, v, loss, power); }

  public Nmf loss(NmfLoss v) { return new Nmf(stft, rank, iterations, seed, v, power); }

  public Nmf power(double v) { return new Nmf(stft, rank, iterations, seed, loss, v); }

  @Override
  public String method() {
    return "nmf";
  }

  @Override
  public List<String> stemNames() {
    List<String> names = new ArrayList<>();
    for (int j = 0; j < rank; j++) names.add("component_" + j);
    return List.copyOf(names);
  }

  /**
   * The seeded initial factors for {@code v}: W (bins x rank) and H (rank x frames).
   */
  public FeatureMatrix[] initialFactors(FeatureMatrix v) {
    double mean = 0;
    for (float x : v.data()) mean += x;
    mean = v.data().length == 0 ? 0 : mean / v.data().length;
    double avg = Math.sqrt(mean / rank);
    SplittableRandom r = new SplittableRandom(seed);
    float[] w = new float[v.rows() * rank], h = new float[rank * v.frames()];
    // H first, then W, as scikit-learn draws them
    for (int i = 0; i < h.length; i++) h[i] = (float) (avg * Math.abs(r.nextGaussian()));
    for (int i = 0; i < w.length; i++) w[i] = (float) (avg * Math.abs(r.nextGaussian()));
    return new FeatureMatrix[] {new FeatureMatrix(v.rows(), rank, w), new FeatureMatrix(rank, v.frames(), h)};
  }

  @Override
  public Stems separate(AudioBuffer audio, Backend backend) {
    return Engine.run(method(), stemNames(), stft, stage(backend.separation()), Engine.WHOLE, audio);
  }

  @Override
  public AudioBlockReader stream(AudioBlockReader in, String stem, Backend backend) {
    int i = Engine.index(stemNames(), stem, method());
    return Engine.stream(in, stft, stage(backend.separation()), Engine.WHOLE, i);
  }

  BlockSeparator.MaskStage stage(SeparationKernel kernel) {
    return new BlockSeparator.MaskStage() {
      @Override public int stems() { return rank; }

      @Override public int contextFrames() { return Engine.WHOLE; }

      @Override
      public void masks(Spectrogram[] complex, FeatureMatrix[] magnitude, int from, int to, FeatureMatrix[][] masks) {
        int ch = magnitude.length, bins = magnitude[0].rows(), n = magnitude[0].frames();
        float[] v = new float[bins * n * ch];
        for (int c = 0; c < ch; c++) {
          float[] m = magnitude[c].data();
          for (int b = 0; b < bins; b++) System.arraycopy(m, b * n, v, b * n * ch + c * n, n);
        }
        FeatureMatrix vm = new FeatureMatrix(bins, n * ch, v);
        FeatureMatrix[] f = initialFactors(vm);
        kernel.nmf(vm, f[0], f[1], iterations, loss);
        float[] w = f[0].data(), h = f[1].data();
        FeatureMatrix[] est = new FeatureMatrix[rank];
        for (int c = 0; c < ch; c++) {
          for (int j = 0; j < rank; j++) {
            float[] e = new float[bins * n];
            for (int b = 0; b < bins; b++) {
              float wb = w[b * rank + j];
              int hoff = j * n * ch + c * n;
              for (int t = 0; t < n; t++) e[b * n + t] = wb * h[hoff + t];
            }
            est[j] = new FeatureMatrix(bins, n, e);
          }
          FeatureMatrix[] out = new FeatureMatrix[rank];
          for (int j = 0; j < rank; j++) out[j] = masks[j][c];
          kernel.ratioMasks(est, power, out);
        }
      }
    };
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "Nmf[rank=%d, iterations=%d, seed=%d, loss=%s, power=%s, n_fft=%d, hop_length=%d]",
        rank, iterations, seed, loss.name().toLowerCase(Locale.ROOT), power, stft.n_fft(), stft.hop_length());
  }
}
