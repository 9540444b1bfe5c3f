package io.themachine.audio.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StftTest {
  private static final int[] FRAMES = {0, 1, 43, 86};

  /** stft_power_frames.csv rows 0..1024 reflect, 1025..2049 constant; README §5 bound 1e-4 relative (of the frame max). */
  @ParameterizedTest
  @CsvSource({"reflect,0", "constant,1025"})
  void power_paritySignal_matchesTorchStftWithinOneE4(String mode, int rowOffset) {
    double[][] ref = Anchors.csv("stft_power_frames.csv");
    Stft stft = Stft.librosa(2048).pad_mode(PadMode.valueOf(mode.toUpperCase()));
    float[] x = Anchors.parity();
    FeatureMatrix p = stft.power(x);
    assertThat(p.rows()).isEqualTo(1025);
    assertThat(p.frames()).isEqualTo(87);
    for (int c = 0; c < FRAMES.length; c++) {
      double max = 0;
      for (int k = 0; k < 1025; k++) max = Math.max(max, ref[rowOffset + k][c]);
      for (int k = 0; k < 1025; k++) {
        double want = ref[rowOffset + k][c];
        if (want <= 1e-6 * max) continue;
        double got = p.get(k, FRAMES[c]);
        assertThat(Math.abs(got - want) / want).as("%s frame %d bin %d", mode, FRAMES[c], k).isLessThan(1e-4);
      }
    }
  }

  @Test
  void frames_librosaAndTorchCounts_areExact() {
    assertThat(Stft.librosa(2048).frames(44100)).isEqualTo(87);
    assertThat(Stft.librosa(2048).frames(22050)).isEqualTo(44);
    assertThat(Stft.torchaudio(400).hop_length(160).frames(16000)).isEqualTo(101);
    assertThat(Stft.librosa(2048).center(false).frames(44100)).isEqualTo(1 + (44100 - 2048) / 512);
    assertThat(Stft.librosa(2048).center(false).frames(100)).isZero();
    assertThat(Stft.librosa(2048).frames(0)).isZero();
    assertThat(Stft.librosa(2047).frames(1)).isEqualTo(1);
  }

  @Test
  void power_emptySignal_isEmptyWithBinsRows() {
    FeatureMatrix p = Stft.librosa(2048).power(new float[0]);
    assertThat(p.rows()).isEqualTo(1025);
    assertThat(p.frames()).isZero();
  }

  @Test
  void power_nanSample_throwsNamingTheCall() {
    float[] x = new float[5000];
    x[1234] = Float.NaN;
    assertThatThrownBy(() -> Stft.librosa(2048).power(x)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stft").hasMessageContaining("1234").hasMessageContaining("NaN");
  }

  @Test
  void power_signalShorterThanHalfFft_reflectsLikeNumpyPad() {
    // 5 samples, pad 8: numpy.pad(x, 8, 'reflect') keeps reflecting with period 2 (N - 1) = 8
    float[] x = {1, 2, 3, 4, 5};
    Stft stft = new Stft(16, 4, 16, Window.RECTANGULAR, true, true, PadMode.REFLECT);
    Spectrogram s = stft.complex(x);
    assertThat(s.frames()).isEqualTo(2);
    // frame 0 covers padded indices -8 .. 7: numpy gives [1,2,3,4,5,4,3,2,1,2,3,4,5,4,3,2]; DC = 48
    assertThat(s.re()[0]).isEqualTo(48f);
    // a 1-sample signal repeats its value
    Spectrogram one = stft.complex(new float[] {2});
    assertThat(one.re()[0]).isEqualTo(32f);
  }

  @ParameterizedTest
  @CsvSource({"2048,512,2048,hann,constant", "400,160,400,hann,reflect", "512,128,400,hamming,reflect", "1000,250,1000,hann,constant"})
  void inverse_ofForward_reconstructsSignal(int nFft, int hop, int win, String window, String pad) {
    Random rnd = new Random(7);
    float[] x = new float[20_000 + 37];
    for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian() * 0.3f;
    Stft stft = new Stft(nFft, hop, win, Window.valueOf(window.toUpperCase()), true, true, PadMode.valueOf(pad.toUpperCase()));
    float[] y = stft.inverse(stft.complex(x), x.length);
    assertThat(y).hasSize(x.length);
    double err = 0;
    for (int i = 0; i < x.length; i++) err = Math.max(err, Math.abs(y[i] - x[i]));
    assertThat(err).isLessThan(1e-5);
  }

  /**
   * Power and magnitude (float32 engine: Vector batches inside, scalar frames at the padded edges
   * and the tail) against |X|^2 of the double complex STFT, on awkward lengths that exercise every
   * path. Bound: 1e-6 of each frame's maximum (FloatSpectrumTest's float-vs-double bound).
   */
  @ParameterizedTest
  @CsvSource({"1,constant", "207,reflect", "4096,constant", "48001,reflect", "48001,edge"})
  void power_awkwardLengths_matchesDoubleComplexWithinOneE6OfFrameMax(int length, String pad) {
    Random rnd = new Random(length);
    float[] x = new float[length];
    for (int i = 0; i < length; i++) x[i] = (float) (0.3 * rnd.nextGaussian() + 0.4 * Math.sin(0.01 * i));
    for (int[] shape : new int[][] {{2048, 512}, {400, 160}}) {
      Stft stft = Stft.librosa(shape[0]).hop_length(shape[1]).pad_mode(PadMode.valueOf(pad.toUpperCase()));
      if (pad.equals("reflect") && length <= shape[0] / 2) continue; // numpy's reflect needs more samples
      FeatureMatrix p = stft.power(x);
      FeatureMatrix m = stft.magnitude(x);
      Spectrogram c = stft.complex(x);
      assertThat(p.frames()).isEqualTo(stft.frames(length));
      for (int t = 0; t < c.frames(); t++) {
        double max = 0;
        for (int k = 0; k < c.bins(); k++) max = Math.max(max, pow2(c, k, t));
        for (int k = 0; k < c.bins(); k++) {
          double want = pow2(c, k, t);
          assertThat(Math.abs(p.get(k, t) - want)).as("n_fft %d frame %d bin %d", shape[0], t, k).isLessThanOrEqualTo(1e-6 * max);
          assertThat(Math.abs((double) m.get(k, t) * m.get(k, t) - want)).isLessThanOrEqualTo(2e-6 * max);
        }
      }
    }
  }

  private static double pow2(Spectrogram c, int k, int t) {
    double re = c.re()[k * c.frames() + t], im = c.im()[k * c.frames() + t];
    return re * re + im * im;
  }
}
