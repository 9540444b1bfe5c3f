package io.themachine.audio.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** YIN and pYIN against librosa 0.11 (anchor librosa_pitch.csv) and on tones of known f0. */
class PitchTest {

  private static float[] pitchSignal() {
    float[] x = AnchorSignals.pitch();
    // anchor README section 1: fingerprint of the pitch signal
    assertThat(x).hasSize(22050);
    assertThat(AnchorSignals.sumSq(x)).isCloseTo(5071.499993911844, within(5071.499993911844 * 1e-9));
    assertThat((double) x[0]).isEqualTo(0.0);
    assertThat((double) x[1]).isEqualTo(0.09380029886960983);
    assertThat((double) x[2]).isEqualTo(0.18620462715625763);
    assertThat((double) x[3]).isEqualTo(0.2758501172065735);
    return x;
  }

  @Test
  void yin_librosaAnchor_within1mHz() throws Exception {
    double[][] ref = AnchorSignals.csv("librosa_pitch.csv");
    double[] f0 = Yin.librosa(22050, 65, 2093).f0(pitchSignal());
    assertThat(f0).hasSize(44);
    for (int t = 0; t < 44; t++) {
      // README section 5: YIN f0 1e-3 Hz (frames 20-23 read ~110 Hz, the common period)
      assertThat(f0[t]).as("frame %d", t).isCloseTo(ref[0][t], within(1e-3));
    }
  }

  @Test
  void pyin_librosaAnchor_flagsExactF0AndProbabilityWithin1e6() throws Exception {
    double[][] ref = AnchorSignals.csv("librosa_pitch.csv");
    Pyin.Result r = Pyin.librosa(22050, 65, 2093).analyze(pitchSignal());
    assertThat(r.frames()).isEqualTo(44);
    for (int t = 0; t < 44; t++) {
      assertThat(r.voiced()[t] ? 1.0 : 0.0).as("voiced flag, frame %d", t).isEqualTo(ref[2][t]);
      // README section 5: probability 1e-6; f0 on the grid within 1e-6 relative; 0 in the CSV where unvoiced
      assertThat(r.voicedProb()[t]).as("voiced prob, frame %d", t).isCloseTo(ref[3][t], within(1e-6));
      if (r.voiced()[t]) {
        assertThat(r.f0()[t]).as("f0, frame %d", t).isCloseTo(ref[1][t], within(ref[1][t] * 1e-6));
      } else {
        assertThat(r.f0()[t]).isNaN();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {82.41, 196.0, 440.0, 1046.5})
  void yin_harmonicTone_readsItsF0(double f) {
    float[] x = tone(f, 16000, 1.0);
    double[] f0 = Yin.librosa(16000, 65, 2093).withFrameLength(1024).withHopLength(256).f0(x);
    assertThat(f0).hasSize(1 + 16000 / 256);
    // librosa's difference function leaves out the tail energy, so it reads a little sharp (the
    // anchor: 220.1-220.6 Hz for 220 Hz); 0.75 % = 13 cents, a semitone is 5.9 %
    for (int t = 4; t < f0.length - 4; t++) assertThat(f0[t]).isCloseTo(f, within(f * 7.5e-3));
  }

  @ParameterizedTest
  @ValueSource(doubles = {110.0, 261.63, 659.26})
  void pyin_toneThenSilence_voicedThenUnvoiced(double f) {
    float[] tone = tone(f, 22050, 1.0);
    float[] x = new float[tone.length * 2]; // second half silent
    System.arraycopy(tone, 0, x, 0, tone.length);
    Pyin.Result r = Pyin.librosa(22050, 65, 2093).analyze(x);
    int nf = r.frames();
    assertThat(nf).isEqualTo(1 + x.length / 512);
    // grid step 0.1 semitone = 0.58 %, plus YIN's sharp bias (see above): within 1 %
    for (int t = 4; t < nf / 2 - 4; t++) {
      assertThat(r.voiced()[t]).as("frame %d", t).isTrue();
      assertThat(r.f0()[t]).isCloseTo(f, within(f * 0.01));
    }
    for (int t = nf / 2 + 4; t < nf; t++) assertThat(r.voiced()[t]).as("frame %d", t).isFalse();
  }

  @Test
  void pitch_empty_noFrames() {
    assertThat(Yin.librosa(22050, 65, 2093).f0(new float[0])).isEmpty();
    assertThat(Pyin.librosa(22050, 65, 2093).analyze(new float[0]).frames()).isZero();
  }

  @Test
  void pitch_shortSignal_oneCentredFrame() {
    float[] x = tone(440, 22050, 0.01); // 220 samples < frame_length / 2
    assertThat(Yin.librosa(22050, 65, 2093).f0(x)).hasSize(1);
    assertThat(Pyin.librosa(22050, 65, 2093).analyze(x).frames()).isEqualTo(1);
  }

  @Test
  void pitch_nan_throwsNamingTheCall() {
    float[] x = tone(440, 22050, 0.2);
    x[77] = Float.NaN;
    assertThatThrownBy(() -> Yin.librosa(22050, 65, 2093).f0(x)).hasMessageContaining("Yin.f0").hasMessageContaining("index 77");
    assertThatThrownBy(() -> Pyin.librosa(22050, 65, 2093).analyze(x)).hasMessageContaining("Pyin.analyze");
  }

  @Test
  void pitch_badParams_throw() {
    assertThatThrownBy(() -> Yin.librosa(22050, 10, 2093)).hasMessageContaining("fmin 10.0 too low");
    assertThatThrownBy(() -> Yin.librosa(22050, 65, 20000)).hasMessageContaining("exceeds Nyquist");
    assertThatThrownBy(() -> Pyin.librosa(22050, 500, 400)).hasMessageContaining("fmin must be below fmax");
  }

  @Test
  void toString_readsWell() {
    assertThat(Yin.librosa(22050, 65, 2093).toString()).isEqualTo("Yin[22050 Hz, f0 65..2093 Hz, frame 2048, hop 512, threshold 0.1, centred]");
  }

  /** Three harmonics 0.6 / 0.3 / 0.1, like the anchor's pitch signal. */
  static float[] tone(double f, int sr, double seconds) {
    int n = (int) Math.round(sr * seconds);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      double p = 2 * Math.PI * f * i / sr;
      x[i] = (float) (0.6 * Math.sin(p) + 0.3 * Math.sin(2 * p) + 0.1 * Math.sin(3 * p));
    }
    return x;
  }
}
