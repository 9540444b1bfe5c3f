package io.themachine.audio.separation;

import java.util.SplittableRandom;

/**
 * Formula stems for separation quality (SeparationQualityTest, and benchmarks' SeparationQuality,
 * which adds espeak-ng speech): every signal is a closed formula or seeded noise, so a mixture's
 * true stems are known exactly. Public so the benchmarks module (through the test jar) builds the
 * same ones.
 */
public final class SeparationMixtures {
  private SeparationMixtures() {}

  /** Sustained three-note chords with four harmonics each, changing every 1.5 s. */
  public static float[] harmonic(int n, int sr) {
    float[] x = new float[n];
    double[][] chords = {{220, 277.18, 329.63}, {246.94, 311.13, 369.99}};
    for (int i = 0; i < n; i++) {
      double t = i / (double) sr;
      double[] c = chords[(int) (t / 1.5) % 2];
      double v = 0;
      for (double f : c) for (int h = 1; h <= 4; h++) v += 0.08 / h * Math.sin(2 * Math.PI * f * h * t);
      x[i] = (float) v;
    }
    return x;
  }

  /** Decaying seeded noise bursts every 250 ms, short (clicks) and longer (snares) alternately. */
  public static float[] percussive(int n, int sr, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    int period = sr / 4;
    int len = (int) (0.09 * sr);
    for (int i = 0; i < n; i++) {
      int m = i % period;
      double tau = ((i / period) % 2 == 0 ? 0.007 : 0.018) * sr;
      double env = m < len ? Math.exp(-m / tau) : 0;
      x[i] = (float) (0.5 * env * r.nextGaussian());
    }
    return x;
  }

  /**
   * A one-bar loop repeated exactly every {@code period} seconds: a bass note, a chord stab and a
   * seeded hi-hat (the same noise every bar). REPET-SIM's repeating background.
   */
  public static float[] loop(int n, int sr, double period) {
    int p = (int) Math.round(period * sr);
    float[] bar = new float[p];
    SplittableRandom r = new SplittableRandom(99);
    for (int i = 0; i < p; i++) {
      double t = i / (double) sr;
      double v = 0.25 * Math.sin(2 * Math.PI * 110 * t) * Math.exp(-t * 3);
      if (t > period / 2) v += 0.1 * (Math.sin(2 * Math.PI * 440 * t) + Math.sin(2 * Math.PI * 554.37 * t)) * Math.exp(-(t - period / 2) * 6);
      int q = i % (p / 4);
      v += 0.15 * Math.exp(-q / (0.004 * sr)) * r.nextGaussian();
      bar[i] = (float) v;
    }
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = bar[i % p];
    return x;
  }

  /**
   * A non-repeating "voice": seeded notes of random pitch and length with vibrato, three formant-like
   * harmonics and short pauses. The stand-in for speech when espeak-ng is not there.
   */
  public static float[] melody(int n, int sr, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    int i = 0;
    double phase = 0;
    while (i < n) {
      int len = (int) ((0.15 + 0.5 * r.nextDouble()) * sr);
      int gap = (int) (0.08 * r.nextDouble() * sr);
      double f0 = 150 * Math.pow(2, r.nextInt(13) / 12.0);
      for (int j = 0; j < len && i < n; j++, i++) {
        double t = j / (double) sr;
        double f = f0 * (1 + 0.01 * Math.sin(2 * Math.PI * 5.5 * t));
        phase += 2 * Math.PI * f / sr;
        double env = Math.min(1, Math.min(j, len - j) / (0.02 * sr));
        x[i] = (float) (0.2 * env * (Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.3 * Math.sin(3 * phase)));
      }
      i += gap;
    }
    return x;
  }

  /** Scale-invariant SDR (Le Roux et al. 2019), dB. */
  public static double siSdr(float[] est, float[] ref) {
    double dot = 0, rr = 0;
    for (int i = 0; i < ref.length; i++) { dot += (double) est[i] * ref[i]; rr += (double) ref[i] * ref[i]; }
    double a = dot / rr, num = 0, den = 0;
    for (int i = 0; i < ref.length; i++) {
      double s = a * ref[i], e = est[i] - s;
      num += s * s;
      den += e * e;
    }
    return 10 * Math.log10(num / den);
  }

  /** Plain SDR, {@code 10 log10(|ref|^2 / |ref - est|^2)} (no BSS-eval distortion filter), dB. */
  public static double sdr(float[] est, float[] ref) {
    double num = 0, den = 0;
    for (int i = 0; i < ref.length; i++) { num += (double) ref[i] * ref[i]; double e = ref[i] - est[i]; den += e * e; }
    return 10 * Math.log10(num / den);
  }

  /** {@code sum / count}: the trivial estimate of one of {@code count} stems. */
  public static float[] trivial(float[] mix, int count) {
    float[] t = new float[mix.length];
    for (int i = 0; i < t.length; i++) t[i] = mix[i] / count;
    return t;
  }

  public static float[] add(float[]... xs) {
    float[] out = new float[xs[0].length];
    for (float[] x : xs) for (int i = 0; i < out.length; i++) out[i] += x[i];
    return out;
  }
}
