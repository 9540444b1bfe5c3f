package io.themachine.audio.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DeltasTest {
  @Test
  void delta_quadraticRow_matchesSavgolInterp() {
    // y = t^2 over 20 frames: savgol(9, polyorder 1, deriv 1) in the interior is the LS slope = 2t;
    // 'interp' gives frames 0..3 the slope of the first window (centre 4: 8) and 16..19 that of the last (centre 15: 30)
    int n = 20;
    float[] d = new float[n];
    for (int t = 0; t < n; t++) d[t] = t * t;
    FeatureMatrix out = Deltas.delta(new FeatureMatrix(1, n, d));
    for (int t = 0; t < n; t++) {
      int c = Math.min(Math.max(t, 4), 15);
      assertThat((double) out.get(0, t)).as("frame %d", t).isCloseTo(2.0 * c, within(1e-4));
    }
  }

  @Test
  void delta_secondOrderOfCubic_isSixT() {
    int n = 30;
    float[] d = new float[n];
    for (int t = 0; t < n; t++) d[t] = (float) (t * t * t) / 100f;
    FeatureMatrix out = Deltas.delta(new FeatureMatrix(1, n, d), 9, 2);
    // LS quadratic over a symmetric window of a cubic: second derivative 6 t / 100 at the centre
    for (int t = 4; t < n - 4; t++) assertThat((double) out.get(0, t)).isCloseTo(6.0 * t / 100, within(1e-4));
  }

  @Test
  void delta_tooFewFrames_throws() {
    assertThatThrownBy(() -> Deltas.delta(FeatureMatrix.zeros(3, 5))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("width 9");
    assertThat(Deltas.delta(FeatureMatrix.zeros(3, 0)).rows()).isEqualTo(3);
  }
}
