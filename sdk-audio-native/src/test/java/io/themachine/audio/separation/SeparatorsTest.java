package io.themachine.audio.separation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.themachine.audio.Backend;
import io.themachine.audio.dsp.FeatureMatrix;
import io.themachine.audio.dsp.Spectrogram;
import io.themachine.audio.dsp.Stft;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.ChannelLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The public front doors: lengths, edge cases, stems adding up, and streamed = whole-signal output. */
class SeparatorsTest {
  static final int SR = 16000;
  /** Small transform so a few seconds span several 512-frame blocks. */
  static final Stft SMALL = Stft.librosa(256).hop_length(64);

  static float[] mix(int n, long seed, double pan) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      double t = i / (double) SR;
      double v = 0.3 * Math.sin(2 * Math.PI * 330 * t) + 0.2 * Math.sin(2 * Math.PI * 495 * t * (1 + 0.01 * pan));
      if (i % 3000 < 30) v += 0.7 * Math.exp(-(i % 3000) / 5.0);
      v += 0.01 * r.nextGaussian();
      x[i] = (float) v;
    }
    return x;
  }

  static AudioBuffer stereo(int n) {
    return AudioBuffer.of(SR, mix(n, 1, 0), mix(n, 2, 1));
  }

  /** Reads a stream in uneven blocks into one buffer. */
  static float[][] drain(AudioBlockReader r, int channels) {
    float[][] out = new float[channels][0];
    float[][] blk = new float[channels][777];
    int len = 0;
    for (int n; (n = r.read(blk, 0, 1 + (len % 777))) > 0; ) {
      for (int c = 0; c < channels; c++) {
        out[c] = java.util.Arrays.copyOf(out[c], len + n);
        System.arraycopy(blk[c], 0, out[c], len, n);
      }
      len += n;
    }
    r.close();
    return out;
  }

  /** Bit-for-bit equality that reports the first differing sample, not both arrays. */
  static void assertSame(float[] got, float[] want, String what) {
    assertThat(got.length).as(what + " length").isEqualTo(want.length);
    for (int i = 0; i < want.length; i++) {
      if (Float.floatToIntBits(got[i]) != Float.floatToIntBits(want[i])) {
        throw new AssertionError(what + ": sample " + i + " is " + got[i] + ", want " + want[i]);
      }
    }
  }

  static void assertSumsTo(Stems s, AudioBuffer x, double tol) {
    for (int c = 0; c < x.channels(); c++) {
      for (int i = 0; i < x.frames(); i++) {
        double sum = 0;
        for (Stem st : s.stems()) sum += st.audio().get(c, i);
        assertThat(sum).as("channel %d sample %d", c, i).isCloseTo(x.get(c, i), within(tol));
      }
    }
  }

  @Test
  void hpss_streamedInOddBlocks_equalsWholeSignalBitForBit() {
    AudioBuffer x = stereo(80_000); // 1251 frames: three blocks
    Hpss hpss = Hpss.librosa().stft(SMALL).kernel_size(17, 9).margin(2.0);
    Stems whole = hpss.separate(x, Backend.SCALAR);
    assertThat(whole.names()).containsExactly("harmonic", "percussive", "residual");
    for (String stem : whole.names()) {
      float[][] got = drain(hpss.stream(AudioBlockReader.of(x), stem, Backend.SCALAR), 2);
      assertSame(got[0], whole.get(stem).audio().array(0), stem);
      assertSame(got[1], whole.get(stem).audio().array(1), stem);
    }
  }

  /** Largest {@link io.themachine.audio.internal.cpu.BlockSeparator#bufferedBytes()} while streaming {@code seconds} of 8 kHz mono. */
  static long peakBuffered(io.themachine.audio.internal.cpu.BlockSeparator.MaskStage stage, Stft stft, int seconds) {
    var bs = new io.themachine.audio.internal.cpu.BlockSeparator(stft, 1, stage, 512, (stems, n) -> { });
    float[][] block = new float[1][8000];
    long peak = 0;
    SplittableRandom r = new SplittableRandom(3);
    for (int s = 0; s < seconds; s++) {
      for (int i = 0; i < 8000; i++) block[0][i] = (float) (0.3 * Math.sin(i * 0.07) + 0.05 * r.nextGaussian());
      bs.accept(block, 0, 8000);
      peak = Math.max(peak, bs.bufferedBytes());
    }
    bs.finish();
    return Math.max(peak, bs.bufferedBytes());
  }

  @Test
  void hpssAndRepetSimStreams_longerInput_holdNoMoreMemory() {
    Stft stft = Stft.librosa(2048);
    var hpss = Hpss.librosa().stage(Backend.VECTOR.separation());
    long two = peakBuffered(hpss, stft, 120), twenty = peakBuffered(hpss, stft, 1200);
    // bounded by the block (512 frames + 2 x 15 of context) and the 256-frame overlap-add chunk,
    // not by the length
    assertThat(twenty).isEqualTo(two).isLessThan(32L << 20);
    // REPET-SIM with a 2 s search bound: 4 minutes hold what 1 minute does
    Stft small = Stft.librosa(512);
    var rs = RepetSim.librosa().stft(small).min_seconds(0.5).search_seconds(2).stage(Backend.VECTOR.separation(), 8000);
    assertThat(peakBuffered(rs, small, 240)).isEqualTo(peakBuffered(rs, small, 60));
  }

  @Test
  void hpss_blockEngine_equalsStftMaskInverseOnTheWholeSignal() {
    float[] x = mix(50_000, 3, 0);
    Hpss hpss = Hpss.librosa().stft(SMALL).kernel_size(31);
    Stems s = hpss.separate(x, SR, Backend.SCALAR);
    Spectrogram cx = SMALL.complex(x);
    // |X| of the float32 STFT, as numpy's abs of librosa's complex64 STFT
    float[] md = new float[cx.re().length];
    for (int i = 0; i < md.length; i++) md[i] = (float) Math.sqrt((double) cx.re()[i] * cx.re()[i] + (double) cx.im()[i] * cx.im()[i]);
    FeatureMatrix mag = new FeatureMatrix(cx.bins(), cx.frames(), md);
    Hpss.Masks m = hpss.masks(mag, Backend.SCALAR.separation());
    float[] h = SMALL.inverse(Wiener.mask(cx, m.harmonic()), x.length);
    float[] p = SMALL.inverse(Wiener.mask(cx, m.percussive()), x.length);
    assertSame(s.get("harmonic").audio().array(0), h, "harmonic");
    assertSame(s.get("percussive").audio().array(0), p, "percussive");
  }

  @Test
  void hpss_marginOne_stemsAddUpToTheMixture() {
    AudioBuffer x = stereo(20_000);
    Stems s = Hpss.librosa().stft(SMALL).separate(x, Backend.VECTOR);
    assertThat(s.names()).containsExactly("harmonic", "percussive");
    assertThat(s.get("harmonic").audio().frames()).isEqualTo(20_000);
    // masks sum to 1; the periodic Hann at hop n_fft/4 reconstructs exactly up to float rounding
    assertSumsTo(s, x, 1e-5);
  }

  @Test
  void hpss_withResidual_stemsAddUpToTheMixture() {
    AudioBuffer x = stereo(20_000);
    assertSumsTo(Hpss.librosa().stft(SMALL).margin(3.0, 2.0).separate(x, Backend.SCALAR), x, 1e-5);
  }

  @Test
  void separators_emptyInput_giveEmptyStems() {
    AudioBuffer empty = AudioBuffer.of(SR, new float[0], new float[0]);
    for (Separator s : new Separator[] {Hpss.librosa(), RepetSim.librosa(), Nmf.of(2), Centre.soft(), Centre.midSide()}) {
      Stems out = s.separate(empty, Backend.SCALAR);
      assertThat(out.stems()).hasSize(s.stemNames().size());
      for (Stem st : out.stems()) assertThat(st.audio().frames()).as(s.method()).isZero();
    }
  }

  @Test
  void separators_shorterThanHalfAnFft_keepTheLength() {
    AudioBuffer tiny = AudioBuffer.of(SR, mix(700, 4, 0), mix(700, 5, 1)); // < n_fft / 2 = 1024
    for (Separator s : new Separator[] {Hpss.librosa(), RepetSim.librosa(), Nmf.of(2), Centre.soft(), Centre.midSide()}) {
      Stems out = s.separate(tiny, Backend.VECTOR);
      for (Stem st : out.stems()) {
        assertThat(st.audio().frames()).isEqualTo(700);
        for (float v : st.audio().array(0)) assertThat(Float.isFinite(v)).isTrue();
      }
    }
    AudioBuffer one = AudioBuffer.of(SR, new float[] {0.5f});
    assertThat(Hpss.librosa().separate(one, Backend.SCALAR).get("harmonic").audio().frames()).isEqualTo(1);
  }

  @Test
  void separators_nanInput_throwNamingMethodAndSample() {
    float[] x = mix(5000, 6, 0);
    x[1234] = Float.NaN;
    assertThatThrownBy(() -> Hpss.librosa().separate(x, SR, Backend.SCALAR))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hpss").hasMessageContaining("1234").hasMessageContaining("NaN");
    assertThatThrownBy(() -> drain(Hpss.librosa().stream(AudioBlockReader.of(AudioBuffer.of(SR, x)), "harmonic", Backend.SCALAR), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1234");
    assertThatThrownBy(() -> Nmf.of(2).separate(x, SR, Backend.SCALAR)).hasMessageContaining("nmf");
  }

  @Test
  void repetSim_boundedSearchStreamed_equalsWholeSignal() {
    AudioBuffer x = stereo(40_000); // 2.5 s = 626 frames; bound 0.75 s = 187 frames, blocks of 512
    RepetSim rs = RepetSim.librosa().stft(SMALL).min_seconds(0.25).search_seconds(0.75);
    for (Backend backend : new Backend[] {Backend.SCALAR, Backend.VECTOR}) {
      Stems whole = rs.separate(x, backend);
      assertThat(whole.names()).containsExactly("vocals", "instrumental");
      float[][] v = drain(rs.stream(AudioBlockReader.of(x), "vocals", backend), 2);
      assertSame(v[0], whole.get("vocals").audio().array(0), backend + " vocals");
      assertSame(v[1], whole.get("vocals").audio().array(1), backend + " vocals");
    }
  }

  @Test
  void repetSim_kRule_isLibrosasOverTheSearchSpan() {
    RepetSim rs = RepetSim.librosa();
    // 44.1 kHz, hop 512: 2 s = 172 frames, 20 s = 1722 frames; t = 3445
    assertThat(rs.frames(2.0, 44100)).isEqualTo(172);
    assertThat(rs.neighbours(2 * 1722 + 1, 172)).isEqualTo((int) (2 * Math.ceil(Math.sqrt(3445 - 344 + 1))));
    assertThat(rs.k(7).neighbours(100, 10)).isEqualTo(7);
  }

  @Test
  void nmf_componentsAddUpToTheMixtureAndAreSeeded() {
    AudioBuffer x = stereo(16_000);
    Nmf nmf = Nmf.of(3).stft(SMALL).iterations(30).seed(42);
    Stems a = nmf.separate(x, Backend.SCALAR), b = nmf.separate(x, Backend.SCALAR);
    assertThat(a.names()).containsExactly("component_0", "component_1", "component_2");
    assertSumsTo(a, x, 1e-5);
    assertSame(a.get("component_1").audio().array(1), b.get("component_1").audio().array(1), "component_1");
  }

  @Test
  void centre_identicalChannels_allCentreNoSides() {
    float[] m = mix(20_000, 7, 0);
    AudioBuffer x = AudioBuffer.of(SR, m, m.clone());
    Stems s = Centre.soft().separate(x, Backend.VECTOR);
    for (int i = 0; i < m.length; i++) {
      assertThat((double) s.get("vocals").audio().get(0, i)).isCloseTo(m[i], within(1e-5));
      assertThat((double) s.get("instrumental").audio().get(1, i)).isCloseTo(0, within(1e-5));
    }
    assertSumsTo(s, x, 1e-5);
  }

  @Test
  void centre_midSide_isExactAndStreams() {
    AudioBuffer x = stereo(10_000);
    Stems s = Centre.midSide().separate(x, Backend.SCALAR);
    for (int i = 0; i < 10_000; i++) {
      float mid = 0.5f * (x.get(0, i) + x.get(1, i));
      assertThat(s.get("vocals").audio().get(1, i)).isEqualTo(mid);
      assertThat(s.get("instrumental").audio().get(0, i)).isEqualTo(x.get(0, i) - mid);
    }
    float[][] inst = drain(Centre.midSide().stream(AudioBlockReader.of(x), "instrumental", Backend.SCALAR), 2);
    assertSame(inst[1], s.get("instrumental").audio().array(1), "instrumental");
    float[][] voc = drain(Centre.soft().stream(AudioBlockReader.of(x), "vocals", Backend.VECTOR), 2);
    assertSame(voc[0], Centre.soft().separate(x, Backend.VECTOR).get("vocals").audio().array(0), "vocals");
  }

  @Test
  void centre_mono_throwsNamingTheMethod() {
    assertThatThrownBy(() -> Centre.soft().separate(mix(100, 8, 0), SR, Backend.SCALAR)).hasMessageContaining("centre: needs 2 channels, got 1");
  }

  @Test
  void wiener_filter_keepsNamesAndAddsUpToTheMixture() {
    AudioBuffer x = stereo(12_000);
    Stems est = Centre.midSide().separate(x, Backend.SCALAR);
    Stems w = Wiener.filter(x, est, SMALL, 2.0, Backend.VECTOR);
    assertThat(w.method()).isEqualTo("centre+wiener");
    assertThat(w.names()).containsExactly("vocals", "instrumental");
    assertSumsTo(w, x, 1e-5);
  }

  @Test
  void values_printWithoutSamples() {
    assertThat(Hpss.librosa().toString()).isEqualTo("Hpss[kernel_size=(31, 31), power=2.0, margin=(1.0, 1.0), n_fft=2048, hop_length=512]");
    Stems s = Hpss.librosa().stft(SMALL).separate(stereo(16_000), Backend.SCALAR);
    assertThat(s.toString()).isEqualTo("Stems[hpss: harmonic, percussive | 16000 Hz, 2 ch, 1.000 s]");
    assertThat(s.stems().get(0).toString()).isEqualTo("Stem[harmonic: 16000 Hz, 2 ch, 1.000 s]");
    assertThat(AudioBuffer.of(SR, ChannelLayout.MONO, new float[1]).channels()).isEqualTo(1);
  }

  @Test
  void hpss_badParameters_throwNamingTheParameter() {
    assertThatThrownBy(() -> Hpss.librosa().margin(0.5)).hasMessageContaining("margin_harmonic");
    assertThatThrownBy(() -> Hpss.librosa().kernel_size(0)).hasMessageContaining("kernel_size_harmonic");
    assertThatThrownBy(() -> Hpss.librosa().power(0)).hasMessageContaining("power");
    assertThatThrownBy(() -> Hpss.librosa().stream(AudioBlockReader.of(stereo(10)), "vocals", Backend.SCALAR))
        .hasMessageContaining("hpss has no stem vocals");
  }
}
