package io.themachine.audio.separation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.themachine.audio.Backend;
import io.themachine.audio.dsp.FeatureMatrix;
import io.themachine.audio.dsp.Stft;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * {@link Hpss#masks} against librosa's HPSS path re-typed on numpy 1.24 and scipy 1.10
 * ({@code make-hpss-reference.py} beside {@code hpss-reference.npz}; librosa itself is not installed
 * here): scipy.ndimage.median_filter with mode='reflect' and librosa.util.softmask, for odd and
 * even kernels, margins 1 and above 1, power 2, 1 and hard masks. The masks are compared on the
 * reference's own magnitude spectrogram so both sides filter the same numbers.
 */
class HpssReferenceTest {
  /** The bar for the masks. */
  static final double MASK_TOL = 1e-5;
  static final int SR = 16000, N = 12000, N_FFT = 512, HOP = 256;

  record Config(String name, int kh, int kp, double mh, double mp, double power) {}

  static final Config[] CONFIGS = {
      new Config("odd_m1_p2", 17, 17, 1.0, 1.0, 2.0),
      new Config("even_m1_p1", 16, 10, 1.0, 1.0, 1.0),
      new Config("mixed_m2_3_p2", 13, 8, 2.0, 3.0, 2.0),
      new Config("k31_m1_hard", 31, 30, 1.0, 1.0, Double.POSITIVE_INFINITY),
      new Config("k31_m1_5_hard", 31, 31, 1.5, 1.0, Double.POSITIVE_INFINITY),
  };

  static final Map<String, NpzReader.Array> REF = load();

  static Map<String, NpzReader.Array> load() {
    try (InputStream in = HpssReferenceTest.class.getResourceAsStream("hpss-reference.npz")) {
      return NpzReader.read(in);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The script's signal: three tones, alternating clicks every 125 ms, integer-hash noise. */
  static float[] signal() {
    float[] x = new float[N];
    for (int i = 0; i < N; i++) {
      double t = i / (double) SR;
      double v = 0.3 * Math.sin(2 * Math.PI * 440 * t) + 0.2 * Math.sin(2 * Math.PI * 660 * t + 0.5) + 0.1 * Math.sin(2 * Math.PI * 1320 * t);
      int m = i % 2000;
      if (m < 40) v += 0.8 * Math.exp(-m / 6.0) * ((i / 2000) % 2 == 0 ? 1.0 : -1.0);
      long h = ((long) i * 2654435761L) % (1L << 32);
      v += 0.02 * (h / 4294967296.0 - 0.5);
      x[i] = (float) v;
    }
    return x;
  }

  static FeatureMatrix matrix(String name) {
    NpzReader.Array a = REF.get(name);
    return new FeatureMatrix(a.shape()[0], a.shape()[1], a.floats());
  }

  @Test
  void signal_regenerated_matchesScriptFingerprint() {
    float[] x = signal();
    double[] fp = REF.get("fingerprint").data();
    double sum = 0, sq = 0;
    for (float v : x) { sum += v; sq += (double) v * v; }
    assertThat(sum).isCloseTo(fp[0], within(1e-9));
    assertThat(sq).isCloseTo(fp[1], within(1e-9 * fp[1]));
    assertThat((double) x[0]).isEqualTo(fp[2]);
    assertThat((double) x[1]).isEqualTo(fp[3]);
    assertThat((double) x[4000]).isEqualTo(fp[4]);
    assertThat((double) x[N - 1]).isEqualTo(fp[5]);
  }

  @Test
  void stft_librosaConvention_matchesScriptMagnitudes() {
    FeatureMatrix want = matrix("S");
    FeatureMatrix got = Stft.librosa(N_FFT).hop_length(HOP).magnitude(signal());
    assertThat(got.rows()).isEqualTo(want.rows());
    assertThat(got.frames()).isEqualTo(want.frames());
    float max = 0;
    for (float v : want.data()) max = Math.max(max, v);
    // Stft.magnitude (the float32 FFT engine) against numpy's float64 STFT: within 2e-6 of the largest bin
    for (int i = 0; i < want.data().length; i++) assertThat(got.data()[i]).isCloseTo(want.data()[i], within(2e-6f * max));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void masks_everyConfig_matchLibrosaWithin1e5(Backend backend) {
    var a = backend.availability();
    assumeTrue(a.available(), backend + " unavailable: " + a.reason());
    SeparationKernel kernel = backend.separation();
    FeatureMatrix s = matrix("S");
    for (Config c : CONFIGS) {
      Hpss hpss = Hpss.librosa().stft(Stft.librosa(N_FFT).hop_length(HOP)).kernel_size(c.kh, c.kp).margin(c.mh, c.mp).power(c.power);
      Hpss.Masks m = hpss.masks(s, kernel);
      float[] wh = matrix(c.name + "_harmonic").data(), wp = matrix(c.name + "_percussive").data();
      for (int i = 0; i < wh.length; i++) {
        assertThat((double) m.harmonic().data()[i]).as("%s harmonic cell %d", c.name, i).isCloseTo(wh[i], within(MASK_TOL));
        assertThat((double) m.percussive().data()[i]).as("%s percussive cell %d", c.name, i).isCloseTo(wp[i], within(MASK_TOL));
      }
    }
  }

  @Test
  void masks_fromOurOwnStft_everyConfigWithin1e5() {
    // end to end from the STFT the separators use (Stft.complex, computed in double, stored as float;
    // magnitudes as BlockSeparator takes them): they differ from numpy's by float rounding (3.8e-6 at
    // most on a 40.2 peak), which the soft masks pass on at 2e-7; no hard-mask cell sits at a
    // near-tie on this signal, so the hard masks agree exactly. (Stft.magnitude runs on the float32
    // FFT engine, within 1e-4 relative: too coarse for a 1e-5 mask check, and not the separators' path.)
    var z = Stft.librosa(N_FFT).hop_length(HOP).complex(signal());
    float[] mag = new float[z.re().length];
    for (int i = 0; i < mag.length; i++) mag[i] = (float) Math.sqrt((double) z.re()[i] * z.re()[i] + (double) z.im()[i] * z.im()[i]);
    FeatureMatrix s = new FeatureMatrix(z.bins(), z.frames(), mag);
    for (Config c : CONFIGS) {
      Hpss hpss = Hpss.librosa().stft(Stft.librosa(N_FFT).hop_length(HOP)).kernel_size(c.kh, c.kp).margin(c.mh, c.mp).power(c.power);
      Hpss.Masks m = hpss.masks(s, Backend.SCALAR.separation());
      float[] wh = matrix(c.name + "_harmonic").data();
      for (int i = 0; i < wh.length; i++) assertThat((double) m.harmonic().data()[i]).as(c.name).isCloseTo(wh[i], within(MASK_TOL));
    }
  }
}
