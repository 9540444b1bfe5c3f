package io.themachine.audio.separation;

import static io.themachine.audio.separation.SeparationMixtures.siSdr;
import static org.assertj.core.api.Assertions.assertThat;

import io.themachine.audio.Backend;
import io.themachine.spi.audio.AudioBuffer;
import org.junit.jupiter.api.Test;

/**
 * The quality bar on a formula mixture of known stems ({@link SeparationMixtures}): HPSS must
 * beat the trivial estimate (the mixture divided by the number of stems) by at least 10 dB SI-SDR
 * on harmonic versus percussive, each stem. {@code benchmarks/separation-quality.sh} prints the
 * table for every method.
 */
class SeparationQualityTest {
  static final int SR = 22050;
  /** The bar. */
  static final double MIN_GAIN_DB = 10.0;

  @Test
  void hpss_harmonicVersusPercussive_beatsTrivialEstimateBy10dB() {
    int n = 4 * SR;
    float[] h = SeparationMixtures.harmonic(n, SR), p = SeparationMixtures.percussive(n, SR, 11);
    float[] mix = SeparationMixtures.add(h, p), trivial = SeparationMixtures.trivial(mix, 2);
    Stems s = Hpss.librosa().separate(AudioBuffer.of(SR, mix), Backend.VECTOR);
    double gainH = siSdr(s.get("harmonic").audio().array(0), h) - siSdr(trivial, h);
    double gainP = siSdr(s.get("percussive").audio().array(0), p) - siSdr(trivial, p);
    System.out.printf(java.util.Locale.ROOT, "hpss SI-SDR improvement over mixture/2: harmonic %.2f dB, percussive %.2f dB%n", gainH, gainP);
    assertThat(gainH).isGreaterThanOrEqualTo(MIN_GAIN_DB);
    assertThat(gainP).isGreaterThanOrEqualTo(MIN_GAIN_DB);
  }
}
