package io.themachine.audio.dsp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** librosa_frame_features.csv (26 x 87); bounds from the anchors README §5. */
class FrameFeaturesTest {
  static double[][] ref;
  static FeatureMatrix got;

  @BeforeAll
  static void compute() {
    ref = Anchors.csv("librosa_frame_features.csv");
    got = FrameFeatures.librosa(22050).compute(Anchors.parity());
  }

  static double maxRel(int row) {
    double w = 0;
    for (int t = 0; t < 87; t++) w = Math.max(w, Math.abs(got.get(row, t) - ref[row][t]) / Math.abs(ref[row][t]));
    return w;
  }

  static double maxAbs(int from, int to) {
    double w = 0;
    for (int r = from; r < to; r++) for (int t = 0; t < 87; t++) w = Math.max(w, Math.abs(got.get(r, t) - ref[r][t]));
    return w;
  }

  @Test
  void shape_isTwentySixByEightySeven() {
    assertThat(got.rows()).isEqualTo(26);
    assertThat(got.frames()).isEqualTo(87);
    assertThat(FrameFeatures.librosa(22050).rowNames()).hasSize(26).startsWith("spectral_centroid").contains("chroma_C");
  }

  @Test
  void centroidAndBandwidth_matchWithinOneE5Relative() {
    assertThat(maxRel(0)).isLessThan(1e-5);
    assertThat(maxRel(1)).isLessThan(1e-5);
  }

  @Test
  void rolloff_matchesExactlyOrWithinOneBin() {
    int off = 0;
    for (int t = 0; t < 87; t++) {
      double d = Math.abs(got.get(2, t) - ref[2][t]);
      if (d > 1e-3) {
        off++;
        assertThat(d).isLessThan(22050.0 / 2048 + 1e-3);
      }
    }
    assertThat(off).isLessThanOrEqualTo(2);
  }

  @Test
  void flatness_matchesWithinOneE4Relative() {
    assertThat(maxRel(3)).isLessThan(1e-4);
  }

  @Test
  void zeroCrossingRate_matchesExactly() {
    assertThat(maxAbs(4, 5)).isLessThan(1e-7);
  }

  @Test
  void rms_matchesWithinOneE6Relative() {
    assertThat(maxRel(5)).isLessThan(1e-6);
  }

  @Test
  void onsetStrength_matchesWithinOneE3() {
    assertThat(maxAbs(6, 7)).isLessThan(1e-3);
  }

  @Test
  void chroma_matchesWithinOneE5() {
    assertThat(maxAbs(7, 19)).isLessThan(1e-5);
  }

  @Test
  void contrast_matchesWithinOneMilliDb() {
    assertThat(maxAbs(19, 26)).isLessThan(1e-3);
  }
}
