package io.themachine.audio.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.themachine.audio.Backend;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The frame-feature reductions: the Vector API kernel against the scalar reference, and the quantile means against a sort. */
class FrameStatsTest {
  // only the summation order differs: a few ulps of sums over <= 1025 positive terms
  private static final double REL = 1e-12;

  private static FrameStats vector() {
    var a = Backend.VECTOR.availability();
    org.junit.jupiter.api.Assumptions.assumeTrue(a.available(), a.reason());
    FrameStats v = FrameStats.best();
    assertThat(v.getClass().getSimpleName()).isEqualTo("VectorFrameStats");
    return v;
  }

  private static double[] spectrum(int bins, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] p = new double[bins];
    for (int k = 0; k < bins; k++) p[k] = Math.pow(10, -12 + 14 * r.nextDouble()) / (1 + k); // falls with k, spans 1e-12 .. 1e2
    if (bins > 3) p[3] = 0.0; // below amin
    return p;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 207, 1025, 4097})
  void magnitudeSpreadChroma_vectorVsScalar_withinRounding(int bins) {
    FrameStats v = vector(), s = new ScalarFrameStats();
    double[] p = spectrum(bins, bins), f = new double[bins];
    for (int k = 0; k < bins; k++) f[k] = k * 10.7666;
    double[] ms = new double[bins], mv = new double[bins], os = new double[4], ov = new double[4];
    s.magnitude(p, f, bins, 1e-10, ms, os);
    v.magnitude(p, f, bins, 1e-10, mv, ov);
    assertThat(mv).containsExactly(ms); // sqrt is exact either way
    for (int i = 0; i < 4; i++) assertThat(ov[i]).isCloseTo(os[i], within(REL * Math.abs(os[i]) + 1e-300));
    double c = os[1] / Math.max(os[0], Double.MIN_NORMAL);
    assertThat(v.spread(ms, f, bins, c)).isCloseTo(s.spread(ms, f, bins, c), within(REL * s.spread(ms, f, bins, c)));
    for (int nChroma : new int[] {12, 24, 5}) {
      int stride = FrameStats.chromaStride(nChroma);
      double[] w = new double[bins * stride];
      SplittableRandom r = new SplittableRandom(3);
      for (int k = 0; k < bins; k++) for (int ch = 0; ch < nChroma; ch++) w[k * stride + ch] = r.nextDouble();
      double[] cs = new double[stride], cv = new double[stride];
      s.chroma(p, w, bins, stride, cs);
      v.chroma(p, w, bins, stride, cv);
      for (int ch = 0; ch < stride; ch++) assertThat(cv[ch]).isCloseTo(cs[ch], within(REL * Math.abs(cs[ch]) + 1e-300));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 9, 207, 2048})
  void timeStats_vectorVsScalar_sameCrossingsAndEnergy(int n) {
    FrameStats v = vector(), s = new ScalarFrameStats();
    SplittableRandom r = new SplittableRandom(n);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() - 0.5) * (i % 5 == 0 ? 1e-11 : 1.0); // some |x| <= 1e-10
    double[] a = new double[2], b = new double[2];
    s.timeStats(x, n, 1e-10, a);
    v.timeStats(x, n, 1e-10, b);
    int crossings = 0;
    for (int i = 1; i < n; i++) crossings += (x[i] < -1e-10) != (x[i - 1] < -1e-10) ? 1 : 0;
    assertThat(a[0]).isEqualTo(crossings);
    assertThat(b[0]).isEqualTo(crossings);
    assertThat(b[1]).isCloseTo(a[1], within(REL * a[1]));
  }

  @Test
  void quantileMeans_matchSortedMeans() {
    FrameStats s = new ScalarFrameStats();
    double[] x = spectrum(1025, 11), scratch = new double[16];
    for (int[] band : new int[][] {{0, 18}, {148, 297}, {594, 1024}, {5, 5}}) {
      double[] sorted = Arrays.copyOfRange(x, band[0], band[1] + 1);
      Arrays.sort(sorted);
      for (int q : new int[] {1, 3, 9}) {
        if (q > sorted.length) continue;
        double lo = 0, hi = 0;
        for (int i = 0; i < q; i++) { lo += sorted[i]; hi += sorted[sorted.length - 1 - i]; }
        assertThat(s.smallMean(x, band[0], band[1], q, scratch)).isEqualTo(lo / q);
        assertThat(s.largeMean(x, band[0], band[1], q, scratch)).isEqualTo(hi / q);
      }
    }
  }
}
