package io.themachine.audio.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ParitySignalTest {
  @Test
  void parity_regenerated_matchesFingerprint() {
    String json = Anchors.text("params.json");
    float[] x = Anchors.parity();
    assertThat(x.length).isEqualTo((int) Anchors.jsonNumber(json, "length"));
    double sum = 0, sumSq = 0;
    for (float v : x) { sum += v; sumSq += (double) v * v; }
    assertThat(sum).isCloseTo(Anchors.jsonNumber(json, "sum"), within(1e-9 * 44100));
    assertThat(sumSq).isCloseTo(Anchors.jsonNumber(json, "sum_sq"), within(1e-9 * Math.abs(Anchors.jsonNumber(json, "sum_sq"))));
    double[] first = Anchors.jsonArray(json, "first8");
    double[] mid = Anchors.jsonArray(json, "at_1000_1007");
    double[] last = Anchors.jsonArray(json, "last4");
    for (int i = 0; i < 8; i++) {
      assertThat((double) x[i]).isCloseTo(first[i], within(Math.ulp((float) first[i]) * 1.0));
      assertThat((double) x[1000 + i]).isCloseTo(mid[i], within(Math.ulp((float) mid[i]) * 1.0));
    }
    for (int i = 0; i < 4; i++) assertThat((double) x[x.length - 4 + i]).isCloseTo(last[i], within(Math.ulp((float) last[i]) * 1.0));
  }
}
