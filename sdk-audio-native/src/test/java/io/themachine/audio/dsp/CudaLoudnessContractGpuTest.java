package io.themachine.audio.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.themachine.audio.Backend;
import io.themachine.audio.internal.cuda.CudaLoudnessKernel;
import io.themachine.spi.audio.AudioBuffer;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Contract: {@code Backend.CUDA.loudness()} reads what {@link ScalarLoudness} reads on every field
 * of {@link LoudnessResult} (status, I, ungated estimate, LRA, max momentary and short-term over
 * every window position, SP, TP, frames, rate, layout, weights, non-finite count, LRA sampling):
 * within 0.001 LU and 0.01 dB ({@link CudaLoudnessModelTest#sameAsScalar}), one recording at a
 * time, as a batch of mixed rates and lengths, streamed through the buffering meter, and on every
 * case of B's reference file at 48 kHz; EBU Tech 3341 case 1 (1 kHz at -23 dBFS) reads -23.0
 * within the document's 0.1 LU. The meter's running read-outs are not offered (they throw).
 */
@Tag("gpu")
class CudaLoudnessContractGpuTest {
  static final LoudnessOptions PEAKS = LoudnessOptions.full();

  @BeforeEach
  void gpu() {
    var a = Backend.CUDA.availability();
    if (!a.available()) System.out.println("GPU test skipped: " + a.reason());
    assumeTrue(a.available(), () -> "CUDA unavailable: " + a.reason());
  }

  static void same(LoudnessResult got, LoudnessResult want) {
    CudaLoudnessModelTest.sameAsScalar(got, want, "CUDA");
  }

  @Test
  void integrated_ebu3341Case1_readsMinus23() {
    AudioBuffer x = Signals.sine(48000, 1000, -23.0, 20.0);
    assertThat(Backend.CUDA.loudness().integrated(x)).isCloseTo(-23.0, within(0.1));
  }

  @Test
  void measure_programme_matchesScalar() {
    AudioBuffer x = Signals.programme(48000, 60.0, 7, true);
    same(Backend.CUDA.loudness().measure(x, PEAKS), new ScalarLoudness().measure(x, PEAKS));
  }

  @Test
  void measureAll_mixedBatch_matchesScalarOneByOne() {
    List<AudioBuffer> xs = List.of(Signals.programme(48000, 30.0, 1, true), Signals.programme(44100, 17.3, 2, false),
        Signals.sine(96000, 3000, -6.0, 5.0), Signals.sine(48000, 1000, -23.0, 0.3), Signals.programme(48000, 0.0, 3, false));
    List<LoudnessResult> got = new CudaLoudnessKernel().measureAll(xs, PEAKS);
    for (int i = 0; i < xs.size(); i++) {
      if (xs.get(i).frames() == 0) {
        assertThat(got.get(i).status()).isEqualTo(LoudnessStatus.TOO_SHORT);
        continue;
      }
      same(got.get(i), new ScalarLoudness().measure(xs.get(i), PEAKS));
    }
  }

  @Test
  void measureAll_burstsBetweenSubBlocksNaNSurroundSilence_everyFieldMatchesScalar() {
    List<AudioBuffer> xs = List.of(CudaLoudnessModelTest.burst(48000), CudaLoudnessModelTest.burst(44100),
        CudaLoudnessModelTest.withNaN(Signals.programme(48000, 10.0, 6, false), 123_457), CudaLoudnessModelTest.surround(48000, 7.3),
        AudioBuffer.allocate(48000, io.themachine.spi.audio.ChannelLayout.STEREO, 5 * 48000), Signals.sine(44100, 997, -12.0, 0.45));
    for (LoudnessOptions o : List.of(PEAKS, LoudnessOptions.integratedOnly().withLraSampling(LoudnessOptions.LraSampling.EVERY_100_MS))) {
      List<LoudnessResult> got = new CudaLoudnessKernel().measureAll(xs, o);
      for (int i = 0; i < xs.size(); i++) CudaLoudnessModelTest.sameAsScalar(got.get(i), new ScalarLoudness().measure(xs.get(i), o), "signal " + i);
    }
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> allCases() {
    return java.util.stream.Stream.concat(CudaLoudnessModelTest.fastCases(), CudaLoudnessModelTest.slowCases())
        .filter(a -> ((Integer) a.get()[1]) == 48000);
  }

  /**
   * B's reference cases (EBU Tech 3341 / 3342 and the informative ones) at 48 kHz, as one batch per
   * case (the other rates run through {@code LoudnessCasesTest}'s CUDA rows).
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0} @ {1} Hz")
  @org.junit.jupiter.params.provider.MethodSource("allCases")
  @SuppressWarnings("unchecked")
  void referenceCase_everyFieldMatchesScalar(String id, int rate) {
    java.util.Map<String, Object> c = ReferenceCases.byId(id);
    java.util.Map<String, Object> sig = (java.util.Map<String, Object>) c.get("signal");
    boolean dualMono = ((List<Object>) sig.get("channel_roles")).contains("dual_mono");
    List<Object> variants = (List<Object>) c.get("variants");
    int nv = variants == null ? 1 : variants.size();
    List<AudioBuffer> xs = new java.util.ArrayList<>();
    for (int v = 0; v < nv; v++) {
      List<Object> segs = (List<Object>) (variants == null ? sig.get("segments") : ((java.util.Map<String, Object>) variants.get(v)).get("segments"));
      xs.add(Signals.synthesize(sig, segs, rate, null));
    }
    LoudnessOptions o = LoudnessOptions.full().withDualMono(dualMono);
    List<LoudnessResult> got = new CudaLoudnessKernel().measureAll(xs, o);
    for (int v = 0; v < nv; v++) CudaLoudnessModelTest.sameAsScalar(got.get(v), new ScalarLoudness().measure(xs.get(v), o), id + " variant " + v);
  }

  @Test
  void meter_runningReadOuts_areNotOffered() {
    LoudnessMeter m = Backend.CUDA.loudness().meter(48000, io.themachine.spi.audio.ChannelLayout.STEREO, PEAKS);
    org.assertj.core.api.Assertions.assertThatThrownBy(m::momentary).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void meter_streamedBlocks_matchesScalar() {
    AudioBuffer x = Signals.programme(48000, 12.0, 9, true);
    LoudnessMeter m = Backend.CUDA.loudness().meter(48000, x.layout(), PEAKS);
    float[][] block = new float[2][4801];
    for (int pos = 0; pos < x.frames(); pos += 4801) {
      int n = Math.min(4801, x.frames() - pos);
      for (int c = 0; c < 2; c++) x.copyTo(c, pos, block[c], 0, n);
      m.accept(block, 0, n);
    }
    same(m.result(), new ScalarLoudness().measure(x, PEAKS));
  }
}
