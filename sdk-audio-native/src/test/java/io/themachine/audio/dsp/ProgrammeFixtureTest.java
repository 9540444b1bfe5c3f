package io.themachine.audio.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.themachine.audio.Backend;
import io.themachine.spi.audio.AudioBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reference data's programme fixtures (fixtures.json: gen_signal.c, stereo 48 kHz), regenerated
 * by a Java port, against libebur128 1.2.6 and the Annex 2 column: I within 0.005 LU, LRA within
 * 0.05 LU of libebur128 (both sample S once per second) and of the 100 ms column with
 * {@code EVERY_100_MS}, sample peak within 1e-4 dB (same float samples up to an ulp), true peak
 * within 0.001 dB of Annex 2 and 0.1 dB of libebur128's interpolator.
 */
class ProgrammeFixtureTest {
  private static LoudnessKernel kernel(Backend b) {
    var a = b.availability();
    assumeTrue(a.available(), a.reason());
    return b.loudness();
  }

  private static void check(LoudnessKernel k, double seconds, double i, double lra, double lra100, double sp, double tpLib, double tpAnnex2) {
    AudioBuffer x = Programme.generate(seconds);
    LoudnessResult r = k.measure(x);
    assertThat(r.integratedLufs()).isCloseTo(i, within(0.005));
    assertThat(r.rangeLu()).isCloseTo(lra, within(0.05));
    assertThat(r.samplePeakDbfs()).isCloseTo(sp, within(1e-4));
    assertThat(r.truePeakDbtp()).isCloseTo(tpAnnex2, within(0.001)).isCloseTo(tpLib, within(0.1));
    double every100 = k.measure(x, LoudnessOptions.integratedOnly().withLraSampling(LoudnessOptions.LraSampling.EVERY_100_MS)).rangeLu();
    assertThat(every100).isCloseTo(lra100, within(0.05));
  }

  @ParameterizedTest
  @EnumSource(value = Backend.class, names = {"SCALAR", "VECTOR"})
  void prog30_matchesLibebur128AndAnnex2(Backend b) {
    check(kernel(b), 30, -16.7105, 1.8997, 1.9253, -5.5596, -5.5596, -5.5573);
  }

  @Tag("slow")
  @ParameterizedTest
  @EnumSource(value = Backend.class, names = {"SCALAR", "VECTOR"})
  void prog100_nearSilentStretch_matchesLibebur128AndAnnex2(Backend b) {
    check(kernel(b), 100, -18.3129, 5.6535, 5.9813, -5.2212, -5.2212, -5.2338);
  }

  @Tag("slow")
  @ParameterizedTest
  @EnumSource(value = Backend.class, names = {"SCALAR", "VECTOR"})
  void prog600_matchesLibebur128AndAnnex2(Backend b) {
    check(kernel(b), 600, -18.4731, 5.9521, 6.0266, -3.0496, -2.9940, -3.0101);
  }
}
