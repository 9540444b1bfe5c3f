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
 * Contract: {@code Backend.CUDA.loudness()} reads what {@link ScalarLoudness} reads, within 0.001 LU
 * (I, LRA) and 0.01 dB (sample and true peak), one recording at a time and as a batch of mixed
 * rates and lengths; EBU Tech 3341 case 1 (1 kHz at -23 dBFS) reads -23.0 within the document's 0.1 LU.
 */
@Tag("gpu")
class CudaLoudnessContractGpuTest {
  static final LoudnessOptions PEAKS = new LoudnessOptions(true, false, false, LoudnessOptions.LraSampling.PER_SECOND);

  @BeforeEach
  void gpu() {
    var a = Backend.CUDA.availability();
    if (!a.available()) System.out.println("GPU test skipped: " + a.reason());
    assumeTrue(a.available(), () -> "CUDA unavailable: " + a.reason());
  }

  static void same(LoudnessResult got, LoudnessResult want) {
    assertThat(got.status()).isEqualTo(want.status());
    if (want.status() == LoudnessStatus.MEASURED) assertThat(got.integratedLufs()).isCloseTo(want.integratedLufs(), within(0.001));
    if (!Double.isNaN(want.rangeLu())) assertThat(got.rangeLu()).isCloseTo(want.rangeLu(), within(0.001));
    assertThat(got.samplePeakDbfs()).isCloseTo(want.samplePeakDbfs(), within(0.01));
    assertThat(got.truePeakDbtp()).isCloseTo(want.truePeakDbtp(), within(0.01));
    assertThat(got.frames()).isEqualTo(want.frames());
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
