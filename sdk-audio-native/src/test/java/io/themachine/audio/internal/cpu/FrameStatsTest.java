package io.themachine.audio.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.themachine.audio.Backend;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The time-domain frame-feature reductions: the Vector API kernel against the scalar reference. */
class FrameStatsTest {
  // only the summation order differs: a few ulps of sums of squares
  private static final double REL = 1e-12;

  private static FrameStats vector() {
    var a = Backend.VECTOR.availability();
    org.junit.jupiter.api.Assumptions.assumeTrue(a.available(), a.reason());
    FrameStats v = FrameStats.best();
    assertThat(v.getClass().getSimpleName()).isEqualTo("VectorFrameStats");
    return v;
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

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 9, 207, 2048})
  void timeStats_onFloats_equalsDoubleCopy_bitForBit(int n) {
    SplittableRandom r = new SplittableRandom(n * 3L);
    float[] buf = new float[n + 5];
    for (int i = 0; i < buf.length; i++) buf[i] = (float) ((r.nextDouble() - 0.5) * (i % 7 == 0 ? 1e-11 : 1.0));
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = buf[3 + i];
    java.util.List<FrameStats> kernels = new java.util.ArrayList<>(java.util.List.of(new ScalarFrameStats()));
    if (Backend.VECTOR.availability().available()) kernels.add(FrameStats.best());
    for (FrameStats k : kernels) {
      double[] a = new double[2], b = new double[2];
      k.timeStats(x, n, 1e-10, a);
      k.timeStats(buf, 3, n, 1e-10, b);
      assertThat(Double.doubleToRawLongBits(b[0])).as(k.getClass().getSimpleName()).isEqualTo(Double.doubleToRawLongBits(a[0]));
      assertThat(Double.doubleToRawLongBits(b[1])).as(k.getClass().getSimpleName()).isEqualTo(Double.doubleToRawLongBits(a[1]));
    }
  }
}
