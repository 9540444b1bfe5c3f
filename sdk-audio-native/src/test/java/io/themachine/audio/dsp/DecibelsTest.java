package io.themachine.audio.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DecibelsTest {
  @Test
  void powerToDb_librosaExample_matches() {
    // librosa.power_to_db([1e-12, 1e-3, 1, 100]) with defaults: floor 1e-10 -> -100, then top_db 80 below 20 dB
    FeatureMatrix m = new FeatureMatrix(1, 4, new float[] {1e-12f, 1e-3f, 1f, 100f});
    FeatureMatrix d = Decibels.power().powerToDb(m);
    assertThat(d.data()).containsExactly(-60f, -30f, 0f, 20f);
    FeatureMatrix none = new Decibels(1.0, 1e-10, 0).powerToDb(m);
    assertThat((double) none.get(0, 0)).isCloseTo(-100.0, within(1e-4));
    FeatureMatrix ref10 = new Decibels(10.0, 1e-10, 0).powerToDb(m);
    assertThat((double) ref10.get(0, 3)).isCloseTo(10.0, within(1e-5));
  }

  @Test
  void amplitudeToDb_isPowerToDbOfSquares() {
    FeatureMatrix mag = new FeatureMatrix(1, 3, new float[] {1e-7f, 0.5f, 3f});
    FeatureMatrix a = Decibels.amplitudeToDb(mag, 1.0, 1e-5, 80.0);
    // librosa.amplitude_to_db: 20 log10(max(1e-5, S)), top_db 80 below the maximum
    assertThat((double) a.get(0, 0)).isCloseTo(20 * Math.log10(3) - 80, within(1e-4));
    assertThat((double) a.get(0, 1)).isCloseTo(20 * Math.log10(0.5), within(1e-4));
    assertThat((double) a.get(0, 2)).isCloseTo(20 * Math.log10(3), within(1e-4));
  }

  /** The trap: top_db counts from the whole clip's maximum, so a block alone floors differently. */
  @Test
  void topDb_blockWithoutLoudPart_floorsDifferentlyUnlessMaximumIsGiven() {
    float[] clip = {1e-9f, 1e-4f, 100f};
    float[] block = {1e-9f, 1e-4f};
    float[] whole = clip.clone();
    Decibels db = Decibels.power();
    db.powerToDbInPlace(whole, Double.NaN);
    float[] alone = block.clone();
    db.powerToDbInPlace(alone, Double.NaN);
    assertThat(alone[0]).isNotEqualTo(whole[0]); // -90 vs -60
    float[] explicit = block.clone();
    db.powerToDbInPlace(explicit, 20.0);
    assertThat(explicit).containsExactly(whole[0], whole[1]);
  }

  @Test
  void windows_symmetricAndPeriodic_matchScipy() {
    // scipy.signal.get_window('hamming', 5, fftbins=False) and get_window('hann', 4) (periodic)
    double[] h = Window.HAMMING.values(5, false);
    assertThat(h).containsExactly(new double[] {0.08, 0.54, 1.0, 0.54, 0.08}, within(1e-15));
    assertThat(Window.HANN.values(4, true)).containsExactly(new double[] {0.0, 0.5, 1.0, 0.5}, within(1e-15));
  }
}
