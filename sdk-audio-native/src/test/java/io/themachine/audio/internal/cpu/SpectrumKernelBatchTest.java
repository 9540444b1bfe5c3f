package io.themachine.audio.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.themachine.audio.dsp.PadMode;
import io.themachine.audio.dsp.Window;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The double batch engine's power (transposed vector load or scalar load) equals the per-frame power bit for bit. */
class SpectrumKernelBatchTest {

  @ParameterizedTest
  @CsvSource({"2048, 512", "2048, 1", "400, 160", "1024, 333", "30, 7", "16, 16"})
  void powerBatch_equalsPerFramePower_bitForBit(int nFft, int hop) {
    SpectrumKernel k = new SpectrumKernel(nFft, hop, Window.HANN.values(nFft, true), true, PadMode.CONSTANT);
    org.junit.jupiter.api.Assumptions.assumeTrue(k.lanes() > 0, "no Vector API batch engine here");
    SplittableRandom r = new SplittableRandom(nFft * 7L + hop);
    float[] x = new float[nFft * 4 + hop * 40];
    for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() - 0.5);
    double[] one = new double[k.bins];
    int checked = 0;
    long first = (nFft / 2 + hop - 1) / hop; // the first frame without left padding
    for (long t0 = first; t0 < first + 30; t0 += 3) {
      if (!k.powerBatch(x, 0, x.length, x.length, t0)) continue;
      for (int j = 0; j < k.lanes(); j++) {
        k.power(x, 0, x.length, x.length, t0 + j, one);
        for (int b = 0; b < k.bins; b++) {
          assertThat(Double.doubleToRawLongBits(k.batchPower[b * k.lanes() + j])).as("frame %d bin %d", t0 + j, b)
              .isEqualTo(Double.doubleToRawLongBits(one[b]));
        }
      }
      checked++;
    }
    assertThat(checked).isGreaterThan(3);
  }

  @ParameterizedTest
  @CsvSource({"2048, 512, 128", "400, 160, 80", "1024, 256, 7"})
  void applyMel_equalsScalarBank_bitForBit(int nFft, int hop, int nMels) {
    SpectrumKernel k = new SpectrumKernel(nFft, hop, Window.HANN.values(nFft, true), true, PadMode.CONSTANT);
    org.junit.jupiter.api.Assumptions.assumeTrue(k.lanes() > 0, "no Vector API batch engine here");
    io.themachine.audio.dsp.MelSpec ms = io.themachine.audio.dsp.MelSpec.librosa(22050).n_fft(nFft).n_mels(nMels);
    MelFilterBank bank = new MelFilterBank(ms.binFrequencies(), nMels, ms.fmin(), ms.fmax(), ms.mel_scale(), ms.norm());
    SplittableRandom r = new SplittableRandom(nMels);
    float[] x = new float[nFft * 4 + hop * 40];
    for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() - 0.5);
    long t0 = (nFft / 2 + hop - 1) / hop;
    assertThat(k.powerBatch(x, 0, x.length, x.length, t0)).isTrue();
    int L = k.lanes();
    double[] melB = new double[nMels * L], one = new double[k.bins], melS = new double[nMels];
    k.batch.applyMel(bank, k.batchPower, melB);
    for (int j = 0; j < L; j++) {
      for (int b = 0; b < k.bins; b++) one[b] = k.batchPower[b * L + j];
      bank.apply(one, melS);
      for (int m = 0; m < nMels; m++) {
        assertThat(Double.doubleToRawLongBits(melB[m * L + j])).as("lane %d band %d", j, m).isEqualTo(Double.doubleToRawLongBits(melS[m]));
      }
    }
  }
}
