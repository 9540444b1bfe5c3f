package io.themachine.audio.internal.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The sparse filter bank the mel kernel uses equals the dense product; the MFCC DCT is orthonormal. */
class SparseBandsTest {
  @Test
  void apply_triangles_equalDenseProduct() {
    int nMels = 40, bins = 513;
    float[] dense = new float[nMels * bins];
    for (int m = 0; m < nMels; m++) {
      int lo = 3 + m * 12, mid = lo + 6, hi = lo + 14; // overlapping triangles
      for (int k = lo; k <= hi && k < bins; k++) dense[m * bins + k] = (float) (k <= mid ? (k - lo) / 6.0 : (hi - k) / 8.0) + 0.001f;
    }
    SparseBands s = SparseBands.of(dense, nMels, bins);
    float[] p = new float[bins];
    SplittableRandom r = new SplittableRandom(5);
    for (int k = 0; k < bins; k++) p[k] = (float) r.nextDouble();
    double[] got = new double[nMels];
    s.apply(p, got);
    for (int m = 0; m < nMels; m++) {
      double want = 0;
      for (int k = 0; k < bins; k++) want += (double) dense[m * bins + k] * p[k];
      assertThat(got[m]).isCloseTo(want, within(1e-12));
    }
    assertThat(s.weights().length).isLessThan(nMels * 16);
  }

  @Test
  void of_emptyBand_hasLengthZero() {
    float[] dense = new float[2 * 8];
    dense[8 + 3] = 1f;
    SparseBands s = SparseBands.of(dense, 2, 8);
    assertThat(s.length()).containsExactly(0, 1);
    assertThat(s.start()).containsExactly(0, 3);
  }

  @Test
  void dctOrtho_rowsAreOrthonormal() {
    int n = 128;
    double[] d = CudaMel.dctOrtho(n, n);
    for (int i = 0; i < n; i += 7) {
      for (int j = 0; j < n; j += 5) {
        double dot = 0;
        for (int m = 0; m < n; m++) dot += d[i * n + m] * d[j * n + m];
        assertThat(dot).isCloseTo(i == j ? 1.0 : 0.0, within(1e-12));
      }
    }
    // scipy.fft.dct(x, type=2, norm="ortho") of a constant: sqrt(N) * c at k = 0.
    assertThat(d[0] * n).isCloseTo(Math.sqrt(n), within(1e-12));
  }
}
