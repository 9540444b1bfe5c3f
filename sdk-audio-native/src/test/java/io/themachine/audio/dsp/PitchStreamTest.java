package io.themachine.audio.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue C, "Streaming": YIN and pYIN fed block by block give the frames of the whole-signal
 * computation exactly (same arithmetic on the same samples, so equality, not a tolerance), for
 * block sizes that cut frames and hops anywhere.
 */
class PitchStreamTest {

  /** The anchor's pitch signal (1 s) then a glide and a gap: 3 s at 22.05 kHz, so 48001 cuts it. */
  static float[] longSignal() {
    float[] a = AnchorSignals.pitch();
    float[] x = Arrays.copyOf(a, 3 * 22050);
    double ph = 0;
    for (int i = 22050; i < 2 * 22050; i++) {
      double f = 150 + 300.0 * (i - 22050) / 22050;
      ph += 2 * Math.PI * f / 22050;
      x[i] = (float) (0.5 * Math.sin(ph) + 0.2 * Math.sin(2 * ph));
    }
    for (int i = 2 * 22050 + 5000; i < x.length; i++) x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 97.0 * i / 22050));
    return x;
  }

  static double[] yinStreamed(Yin yin, float[] x, int block) {
    Yin.Stream s = yin.stream();
    double[] out = new double[yin.frames(x.length) + 8];
    double[] buf = new double[Math.max(s.outputBound(block), s.finishBound())];
    int w = 0;
    for (int off = 0; off < x.length; off += block) {
      int n = s.process(x, off, Math.min(block, x.length - off), buf, 0);
      System.arraycopy(buf, 0, out, w, n);
      w += n;
    }
    int n = s.finish(buf, 0);
    System.arraycopy(buf, 0, out, w, n);
    w += n;
    assertThat(s.frames()).isEqualTo(w);
    return Arrays.copyOf(out, w);
  }

  static Pyin.Result pyinStreamed(Pyin pyin, float[] x, int block) {
    Pyin.Stream s = pyin.stream();
    for (int off = 0; off < x.length; off += block) s.process(x, off, Math.min(block, x.length - off));
    return s.finish();
  }

  static void assertSame(Pyin.Result got, Pyin.Result want) {
    assertThat(got.frames()).isEqualTo(want.frames());
    assertThat(got.f0()).containsExactly(want.f0());
    assertThat(got.voiced()).containsExactly(want.voiced());
    assertThat(got.voicedProb()).containsExactly(want.voicedProb());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 207, 4096, 48001})
  void yinStream_anchorAndLongSignal_equalsWhole(int block) {
    Yin yin = Yin.librosa(22050, 65, 2093); // 2048 / 512: the spectral path
    float[] a = AnchorSignals.pitch();
    assertThat(yinStreamed(yin, a, block)).containsExactly(yin.f0(a));
    float[] x = longSignal();
    assertThat(yinStreamed(yin, x, block)).containsExactly(yin.f0(x));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 207, 4096, 48001})
  void yinStream_directPaths_equalsWhole(int block) {
    float[] x = longSignal();
    // blocked direct sums (maxPeriod >= hop), unblocked direct sums (hop does not divide the frame),
    // and uncentred frames with a hop longer than the frame (samples no frame reads are skipped)
    for (Yin yin : new Yin[] {
        new Yin(22050, 100, 2093, 1024, 128, 0.1, true),
        new Yin(22050, 65, 2093, 1000, 300, 0.15, true),
        new Yin(22050, 150, 2000, 256, 700, 0.1, false)}) {
      assertThat(yinStreamed(yin, x, block)).as("%s", yin).containsExactly(yin.f0(x));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 207, 4096, 48001})
  void pyinStream_anchorAndLongSignal_equalsWhole(int block) {
    Pyin pyin = Pyin.librosa(22050, 65, 2093);
    float[] a = AnchorSignals.pitch();
    assertSame(pyinStreamed(pyin, a, block), pyin.analyze(a));
    float[] x = longSignal();
    assertSame(pyinStreamed(pyin, x, block), pyin.analyze(x));
  }

  @Test
  void pyinStream_otherFrame_equalsWhole() {
    Pyin pyin = Pyin.librosa(16000, 80, 1000).withFrameLength(1000).withHopLength(160);
    float[] x = PitchTestTones.tone(200, 16000, 1.3);
    assertSame(pyinStreamed(pyin, x, 333), pyin.analyze(x));
  }

  @Test
  void pyinStream_longSignal_backPointersBoundedAndResultEqualsWhole() {
    // 30 s: the long signal ten times over (tones, glides, gaps, silence), 1293 frames
    Pyin pyin = Pyin.librosa(22050, 65, 2093);
    float[] one = longSignal();
    float[] x = new float[10 * one.length];
    for (int k = 0; k < 10; k++) System.arraycopy(one, 0, x, k * one.length, one.length);
    Pyin.Stream s = pyin.stream();
    for (int off = 0; off < x.length; off += 4096) s.process(x, off, Math.min(4096, x.length - off));
    Pyin.Result got = s.finish();
    assertSame(got, pyin.analyze(x));
    int frames = s.frames();
    assertThat(frames).isEqualTo(1 + x.length / 512);
    // 602 pitch bins, 1204 states, band width 101: 1208 bytes of pointers per frame, 256-frame
    // chunks. Held: the merge lag plus up to two chunks, never the 1293 frames (1.56 MB)
    assertThat(s.maxLag()).isLessThan(256);
    assertThat(s.pointerBytes()).isLessThanOrEqualTo(3L * 256 * 1208).isLessThan(1208L * frames / 2);
    // what grows is the result: a decided state (4 bytes) and a voiced probability (8) per frame
    long vp = 8L * Math.max(1024, Integer.highestOneBit(frames - 1) * 2);
    assertThat(s.growingBytes()).isLessThanOrEqualTo(vp + 4L * 2 * frames);
  }

  @Test
  void pyinStream_wideBandShortPointers_equalsWhole() {
    // hop 2048 at 22.05 kHz: 40 semitones a frame, band width 401, too wide for byte pointers
    Pyin pyin = Pyin.librosa(22050, 65, 2093).withFrameLength(4096).withHopLength(2048);
    float[] x = longSignal();
    assertSame(pyinStreamed(pyin, x, 4097), pyin.analyze(x));
    Pyin.Stream s = pyin.stream();
    s.process(x, 0, x.length);
    s.finish();
    assertThat(s.pointerBytes()).isEqualTo(256L * 2408 * Math.ceilDiv(s.frames() - 1, 256));
  }

  @Test
  void stream_emptyAndShort_matchWhole() {
    Yin yin = Yin.librosa(22050, 65, 2093);
    Pyin pyin = Pyin.librosa(22050, 65, 2093);
    float[] none = new float[0];
    assertThat(yinStreamed(yin, none, 7)).isEmpty();
    assertThat(pyinStreamed(pyin, none, 7).frames()).isZero();
    float[] x = PitchTestTones.tone(440, 22050, 0.01); // shorter than frame_length / 2
    assertThat(yinStreamed(yin, x, 50)).containsExactly(yin.f0(x));
    assertSame(pyinStreamed(pyin, x, 50), pyin.analyze(x));
  }

  @Test
  void stream_nan_throwsNamingTheCallAndPosition() {
    float[] x = PitchTestTones.tone(440, 22050, 0.2);
    x[1077] = Float.NaN;
    double[] out = new double[64];
    Yin.Stream ys = Yin.librosa(22050, 65, 2093).stream();
    ys.process(x, 0, 1000, out, 0);
    assertThatThrownBy(() -> ys.process(x, 1000, 1000, out, 0))
        .hasMessageContaining("Yin.Stream.process").hasMessageContaining("index 1077");
    Pyin.Stream ps = Pyin.librosa(22050, 65, 2093).stream();
    assertThatThrownBy(() -> ps.process(x, 0, x.length)).hasMessageContaining("Pyin.Stream.process").hasMessageContaining("index 1077");
  }
}
