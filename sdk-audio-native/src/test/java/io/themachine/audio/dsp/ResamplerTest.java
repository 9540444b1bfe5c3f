package io.themachine.audio.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Resampling against the torchaudio anchor, an analytic signal, and its own streaming. */
class ResamplerTest {

  private static float[] input() {
    float[] x = AnchorSignals.parity(44100.0, 22050);
    // anchor README section 1: fingerprint of the 44.1 kHz input
    assertThat(AnchorSignals.sum(x)).isCloseTo(6.957255972178245, within(6.957255972178245 * 1e-9));
    assertThat(AnchorSignals.sumSq(x)).isCloseTo(4283.479097447507, within(4283.479097447507 * 1e-9));
    return x;
  }

  @Test
  void torchaudio_anchor44100to16000_within1e6() throws Exception {
    double[][] ref = AnchorSignals.csv("resample_44100_to_16000.csv");
    float[] y = Resampler.torchaudio(44100, 16000).process(input());
    assertThat(y).hasSize(8000); // ceil(160 * 22050 / 441)
    double max = 0;
    for (int i = 0; i < y.length; i++) max = Math.max(max, Math.abs(y[i] - ref[0][i]));
    // README section 5: 1e-6 absolute needs double accumulation
    assertThat(max).isLessThan(1e-6);
  }

  @Test
  void torchaudio_vsIdeal_errorAsTorchaudioReports() throws Exception {
    double[][] ref = AnchorSignals.csv("resample_44100_to_16000.csv");
    float[] y = Resampler.torchaudio(44100, 16000).process(input());
    // README: torchaudio's kernel is 2.2e-4 rms from ideal (64 samples trimmed at each end)
    assertThat(rmsError(y, ref[1], 64)).isCloseTo(2.2e-4, within(0.2e-4));
  }

  @Test
  void highQuality_analyticMultiSine_below110dB() throws Exception {
    double[][] ref = AnchorSignals.csv("resample_44100_to_16000.csv");
    float[] ideal = AnchorSignals.parity(16000.0, 8000);
    // the CSV keeps 11 significant digits
    for (int i = 0; i < ideal.length; i++) assertThat((double) ideal[i]).isCloseTo(ref[1][i], within(1e-10));
    float[] y = Resampler.highQuality(44100, 16000).process(input());
    assertThat(y).hasSize(8000);
    double rms = rmsError(y, ref[1], 64);
    // -110 dB = 3.16e-6 rms (README section 5; soxr HQ reaches 6.2e-7)
    assertThat(20 * Math.log10(rms)).isLessThan(-110.0);
  }

  @ParameterizedTest
  @EnumSource(Resampler.Quality.class)
  void process_sineAt1kHz_keepsFrequencyAndLevel(Resampler.Quality q) {
    int from = 48000, to = 22050, n = 48000;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000.0 * i / from));
    float[] y = new Resampler(from, to, q).process(x);
    assertThat(y).hasSize(22050);
    // least-squares fit of a 1 kHz sine (cos + sin) in the middle: amplitude 0.5, residual tiny
    double sc = 0, ss = 0, cc = 0, sy = 0, cy = 0;
    for (int i = 2000; i < 20000; i++) {
      double w = 2 * Math.PI * 1000.0 * i / to, s = Math.sin(w), c = Math.cos(w);
      ss += s * s; cc += c * c; sc += s * c; sy += s * y[i]; cy += c * y[i];
    }
    double det = ss * cc - sc * sc, a = (sy * cc - cy * sc) / det, b = (cy * ss - sy * sc) / det;
    assertThat(Math.hypot(a, b)).isCloseTo(0.5, within(q == Resampler.Quality.HIGH ? 1e-5 : 1e-3));
    double res = 0;
    for (int i = 2000; i < 20000; i++) {
      double w = 2 * Math.PI * 1000.0 * i / to;
      double e = y[i] - (a * Math.sin(w) + b * Math.cos(w));
      res += e * e;
    }
    assertThat(Math.sqrt(res / 18000)).isLessThan(q == Resampler.Quality.HIGH ? 1e-5 : 5e-4);
  }

  @ParameterizedTest
  @EnumSource(Resampler.Quality.class)
  void stream_oddBlocks_identicalToWhole(Resampler.Quality q) {
    float[] x = input();
    Resampler r = new Resampler(44100, 16000, q);
    float[] whole = r.process(x);
    Resampler.Stream s = r.stream();
    float[] out = new float[whole.length];
    int w = 0;
    int[] sizes = {1, 207, 4096, 3, 10000, 441};
    int pos = 0, k = 0;
    while (pos < x.length) {
      int n = Math.min(sizes[k++ % sizes.length], x.length - pos);
      assertThat(s.outputBound(n)).isGreaterThanOrEqualTo(0);
      w += s.process(x, pos, n, out, w);
      pos += n;
    }
    w += s.flush(out, w);
    assertThat(w).isEqualTo(whole.length);
    assertThat(out).containsExactly(whole);
  }

  @Test
  void torchaudio_16001to16000_compactTableNotTorchaudiosFullOne() {
    Resampler r = Resampler.torchaudio(16001, 16000);
    Resampler.Stream s = r.stream();
    // torchaudio builds 16000 x 16015 taps (1 GB in float32); the polyphase table keeps 16000 x 14
    assertThat(s.tabled()).isTrue();
    assertThat(s.taps()).isLessThanOrEqualTo(16);
    float[] x = new float[16001];
    for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(2 * Math.PI * 440.0 * i / 16001);
    float[] y = r.process(x);
    assertThat(y).hasSize(16000);
    for (int i = 100; i < 15900; i += 97) {
      assertThat((double) y[i]).isCloseTo(Math.sin(2 * Math.PI * 440.0 * i / 16000), within(2e-3));
    }
  }

  @Test
  void torchaudio_96001to44100_tableTooLarge_tapsOnTheFly() {
    // L = 44100 phases x 28 taps > 2^20: no table, same kernel evaluated per output
    Resampler r = Resampler.torchaudio(96001, 44100);
    assertThat(r.stream().tabled()).isFalse();
    float[] x = new float[9600];
    for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(2 * Math.PI * 440.0 * i / 96001);
    float[] y = r.process(x);
    assertThat(y).hasSize((int) Math.ceil(9600 * 44100.0 / 96001));
    for (int i = 100; i < y.length - 100; i += 37) {
      assertThat((double) y[i]).isCloseTo(Math.sin(2 * Math.PI * 440.0 * i / 44100), within(2e-3));
    }
  }

  @Test
  void process_nan_throwsNamingTheCall() {
    float[] x = new float[1000];
    x[500] = Float.NaN;
    assertThatThrownBy(() -> Resampler.torchaudio(44100, 16000).process(x))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Resampler.process")
        .hasMessageContaining("index 500");
  }

  @Test
  void process_empty_returnsEmpty() {
    assertThat(Resampler.highQuality(44100, 16000).process(new float[0])).isEmpty();
    assertThat(Resampler.torchaudio(8000, 8000).process(new float[0])).isEmpty();
  }

  @Test
  void process_sameRate_isIdentityForTorchaudio() {
    float[] x = input();
    float[] y = Resampler.torchaudio(44100, 44100).process(x);
    // torchaudio returns the waveform unchanged for equal rates
    assertThat(y).containsExactly(x);
  }

  @Test
  void constructor_badRate_throws() {
    assertThatThrownBy(() -> Resampler.torchaudio(0, 16000)).hasMessageContaining("rates must be positive");
  }

  @Test
  void toString_readsWell() {
    assertThat(Resampler.torchaudio(44100, 16000).toString()).isEqualTo("Resampler[44100 -> 16000 Hz, torchaudio]");
  }

  private static double rmsError(float[] y, double[] ideal, int trim) {
    double s = 0;
    int n = 0;
    for (int i = trim; i < y.length - trim; i++) {
      double e = y[i] - ideal[i];
      s += e * e;
      n++;
    }
    return Math.sqrt(s / n);
  }
}
