package io.themachine.audio.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.themachine.audio.internal.cpu.SubBlockGating;
import io.themachine.audio.internal.cuda.ChunkPlan;
import io.themachine.audio.internal.cuda.ChunkedKWeighting;
import io.themachine.audio.internal.cuda.CudaLoudness;
import io.themachine.audio.internal.cuda.KCoefficients;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.ChannelLayout;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CUDA loudness path with the device replaced by its CPU model, against the scalar reference,
 * in the default suite: chunked K-weighting sub-block energies ({@link ChunkedKWeighting}, the
 * kernel's arithmetic per thread), channel weights, per-chunk true and sample peaks reduced as the
 * host reduces them, and {@link SubBlockGating} for I and LRA. Agreement within the contract's
 * 0.001 LU (I, LRA) and 0.01 dB (SP, TP); the device's own arithmetic is held to this CPU model by
 * {@code CudaLoudnessKernelGpuTest}.
 */
class CudaLoudnessModelTest {
  static final double LU = 0.001;
  static final double DB = 0.01;

  static Stream<Arguments> signals() {
    return Stream.of(
        Arguments.of("programme 48k 40 s", Signals.programme(48000, 40.0, 1, true)),
        Arguments.of("programme 44.1k 33.3 s", Signals.programme(44100, 33.3, 2, false)),
        Arguments.of("programme 96k 12 s", Signals.programme(96000, 12.0, 3, true)),
        Arguments.of("sine 1 kHz -23 dBFS 20 s", Signals.sine(48000, 1000, -23.0, 20.0)),
        Arguments.of("sine 997 Hz -3 dBFS 0.35 s (too short)", Signals.sine(48000, 997, -3.0, 0.35)));
  }

  static LoudnessResult model(AudioBuffer x, LoudnessOptions o) {
    int fs = x.sampleRate();
    double[] k = KCoefficients.forRate(fs);
    ChunkPlan plan = ChunkPlan.of(fs, k, CudaLoudness.SUBS_PER_CHUNK);
    double[] w = ChannelWeights.of(x.layout(), o.dualMono());
    double[] sum = new double[(int) plan.subBlocksWithTail(x.frames())];
    double sp = 0, tp = 0;
    for (int c = 0; c < x.channels(); c++) {
      float[] ch = new float[x.frames()];
      x.copyTo(c, 0, ch, 0, x.frames());
      double[] e = new double[sum.length];
      ChunkedKWeighting.subBlockEnergies(ch, ch.length, k, plan, e);
      for (int i = 0; i < e.length; i++) sum[i] += w[c] * e[i];
      for (float v : ch) sp = Math.max(sp, Math.abs(v));
      tp = Math.max(tp, ChunkedKWeighting.truePeak(ch, ch.length, plan));
    }
    return SubBlockGating.result(sum, x.frames(), fs, x.layout(), w, o, sp, tp, 0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("signals")
  void cudaModel_matchesScalar_withinContractTolerances(String name, AudioBuffer x) {
    LoudnessOptions o = new LoudnessOptions(true, false, false, LoudnessOptions.LraSampling.PER_SECOND);
    LoudnessResult want = new ScalarLoudness().measure(x, o);
    LoudnessResult got = model(x, o);
    assertThat(got.status()).isEqualTo(want.status());
    if (want.status() == LoudnessStatus.MEASURED) assertThat(got.integratedLufs()).isCloseTo(want.integratedLufs(), within(LU));
    assertThat(got.ungatedEstimateLufs()).isCloseTo(want.ungatedEstimateLufs(), within(LU));
    if (!Double.isNaN(want.rangeLu())) assertThat(got.rangeLu()).isCloseTo(want.rangeLu(), within(LU));
    else assertThat(got.rangeLu()).isNaN();
    assertThat(got.samplePeakDbfs()).isCloseTo(want.samplePeakDbfs(), within(DB));
    assertThat(got.truePeakDbtp()).isCloseTo(want.truePeakDbtp(), within(DB));
    assertThat(got.frames()).isEqualTo(want.frames());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("signals")
  void cudaModel_everyShortTermValue_perSubBlockSampling_matchesScalar(String name, AudioBuffer x) {
    LoudnessOptions o = new LoudnessOptions(false, false, false, LoudnessOptions.LraSampling.EVERY_100_MS);
    LoudnessResult want = new ScalarLoudness().measure(x, o);
    LoudnessResult got = model(x, o);
    if (!Double.isNaN(want.rangeLu())) assertThat(got.rangeLu()).isCloseTo(want.rangeLu(), within(LU));
    assertThat(got.truePeakDbtp()).isNaN();
  }

  @org.junit.jupiter.api.Test
  void cudaModel_monoDualMono_weighsTwo() {
    AudioBuffer st = Signals.sine(48000, 1000, -20.0, 10.0);
    float[] l = new float[st.frames()];
    st.copyTo(0, 0, l, 0, st.frames());
    AudioBuffer mono = AudioBuffer.of(48000, ChannelLayout.MONO, l);
    LoudnessOptions o = LoudnessOptions.integratedOnly().withDualMono(true);
    assertThat(model(mono, o).integratedLufs()).isCloseTo(new ScalarLoudness().measure(mono, o).integratedLufs(), within(LU));
  }
}
