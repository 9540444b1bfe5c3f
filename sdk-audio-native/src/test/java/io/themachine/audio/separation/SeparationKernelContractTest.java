package io.themachine.audio.separation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.themachine.audio.Backend;
import io.themachine.audio.dsp.FeatureMatrix;
import io.themachine.audio.dsp.Spectrogram;
import io.themachine.audio.separation.SeparationKernel.Axis;
import io.themachine.audio.separation.SeparationKernel.NmfLoss;
import io.themachine.spi.Availability;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One contract suite for every {@link SeparationKernel} backend, held to the scalar reference within
 * the interface's tolerances (the javadoc clause is quoted per test). Unavailable backends (CUDA
 * here) skip with the probe's reason.
 */
class SeparationKernelContractTest {
  /** SeparationKernel#softMask, #ratioMasks, #stereoSimilarity: "within 1e-6 absolute of the scalar kernel". */
  static final double MASK_TOL = 1e-6;
  /** SeparationKernel#similarityMedian: "within 1e-5 relative of the scalar kernel". */
  static final double SIM_TOL = 1e-5;
  /** SeparationKernel#nmf: "reconstruction within 1e-4 relative (Frobenius) after 50 iterations". */
  static final double NMF_TOL = 1e-4;

  static SeparationKernel kernel(Backend backend) {
    Availability a = backend.availability();
    assumeTrue(a.available(), backend + " unavailable: " + a.reason());
    return backend.separation();
  }

  static final SeparationKernel SCALAR = Backend.SCALAR.separation();

  static FeatureMatrix random(int rows, int frames, long seed, double zeros) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] d = new float[rows * frames];
    for (int i = 0; i < d.length; i++) d[i] = r.nextDouble() < zeros ? 0f : (float) (r.nextDouble() * r.nextDouble() * 3);
    return new FeatureMatrix(rows, frames, d);
  }

  /** scipy.ndimage.median_filter by definition: reflect-extend, sort the window, take rank width / 2. */
  static FeatureMatrix naiveMedian(FeatureMatrix in, Axis axis, int width) {
    int rows = in.rows(), frames = in.frames();
    float[] out = new float[rows * frames];
    float[] win = new float[width];
    for (int r = 0; r < rows; r++) {
      for (int t = 0; t < frames; t++) {
        int n = axis == Axis.TIME ? frames : rows, pos = axis == Axis.TIME ? t : r;
        for (int j = 0; j < width; j++) {
          int i = pos - width / 2 + j;
          int p = 2 * n, m = Math.floorMod(i, p);
          int src = m < n ? m : p - 1 - m;
          win[j] = axis == Axis.TIME ? in.data()[r * frames + src] : in.data()[src * frames + t];
        }
        Arrays.sort(win);
        out[r * frames + t] = win[width / 2];
      }
    }
    return new FeatureMatrix(rows, frames, out);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void medianFilter_randomData_equalsNaiveSortBitForBit(Backend backend) {
    SeparationKernel k = kernel(backend);
    // awkward shapes: tails of every vector width, a line shorter than the window, one cell
    int[][] shapes = {{37, 53}, {129, 70}, {16, 16}, {3, 2}, {1, 1}, {1, 40}, {40, 1}, {33, 17}};
    int[] widths = {1, 2, 3, 4, 5, 17, 31, 32};
    long seed = 1;
    for (int[] s : shapes) {
      for (int w : widths) {
        for (Axis axis : Axis.values()) {
          FeatureMatrix in = random(s[0], s[1], seed++, 0.1);
          FeatureMatrix got = FeatureMatrix.zeros(s[0], s[1]);
          k.medianFilter(in, axis, w, got);
          assertThat(got.data()).as("%s %dx%d width %d", axis, s[0], s[1], w).isEqualTo(naiveMedian(in, axis, w).data());
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void medianFilter_manyTies_equalsNaiveSort(Backend backend) {
    SeparationKernel k = kernel(backend);
    SplittableRandom r = new SplittableRandom(7);
    float[] d = new float[65 * 90];
    for (int i = 0; i < d.length; i++) d[i] = r.nextInt(4);
    FeatureMatrix in = new FeatureMatrix(65, 90, d);
    for (Axis axis : Axis.values()) {
      FeatureMatrix got = FeatureMatrix.zeros(65, 90);
      k.medianFilter(in, axis, 9, got);
      assertThat(got.data()).isEqualTo(naiveMedian(in, axis, 9).data());
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void softMask_powersAndZeros_matchScalarWithin1e6AndStayInUnitInterval(Backend backend) {
    SeparationKernel k = kernel(backend);
    FeatureMatrix x = random(31, 47, 11, 0.2), ref = random(31, 47, 12, 0.2);
    for (double power : new double[] {1.0, 2.0, 0.5, 3.7, Double.POSITIVE_INFINITY}) {
      for (float scale : new float[] {1f, 2f, 10f}) {
        for (boolean split : new boolean[] {true, false}) {
          FeatureMatrix want = FeatureMatrix.zeros(31, 47), got = FeatureMatrix.zeros(31, 47);
          SCALAR.softMask(x, ref, scale, power, split, want);
          k.softMask(x, ref, scale, power, split, got);
          for (int i = 0; i < want.data().length; i++) {
            assertThat((double) got.data()[i]).as("power %s scale %s split %s cell %d", power, scale, split, i)
                .isCloseTo(want.data()[i], org.assertj.core.data.Offset.offset(MASK_TOL)).isBetween(0.0, 1.0);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void softMask_marginOneSplitZeros_complementaryMasksSumToOne(Backend backend) {
    SeparationKernel k = kernel(backend);
    FeatureMatrix h = random(20, 33, 21, 0.3), p = random(20, 33, 22, 0.3);
    FeatureMatrix mh = FeatureMatrix.zeros(20, 33), mp = FeatureMatrix.zeros(20, 33);
    k.softMask(h, p, 1f, 2.0, true, mh);
    k.softMask(p, h, 1f, 2.0, true, mp);
    for (int i = 0; i < mh.data().length; i++) assertThat((double) mh.data()[i] + mp.data()[i]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void ratioMasks_threeEstimates_matchScalarAndSumToOne(Backend backend) {
    SeparationKernel k = kernel(backend);
    for (double power : new double[] {1.0, 2.0, 1.5}) {
      FeatureMatrix[] est = {random(17, 29, 31, 0.3), random(17, 29, 32, 0.3), random(17, 29, 33, 0.3)};
      FeatureMatrix[] want = {FeatureMatrix.zeros(17, 29), FeatureMatrix.zeros(17, 29), FeatureMatrix.zeros(17, 29)};
      FeatureMatrix[] got = {FeatureMatrix.zeros(17, 29), FeatureMatrix.zeros(17, 29), FeatureMatrix.zeros(17, 29)};
      SCALAR.ratioMasks(est, power, want);
      k.ratioMasks(est, power, got);
      boolean sawAllZero = false;
      for (int i = 0; i < 17 * 29; i++) {
        double sum = 0;
        for (int j = 0; j < 3; j++) {
          assertThat((double) got[j].data()[i]).isCloseTo(want[j].data()[i], org.assertj.core.data.Offset.offset(MASK_TOL)).isBetween(0.0, 1.0);
          sum += got[j].data()[i];
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        if (est[0].data()[i] == 0 && est[1].data()[i] == 0 && est[2].data()[i] == 0) {
          sawAllZero = true;
          assertThat(got[0].data()[i]).isEqualTo(1f / 3);
        }
      }
      assertThat(sawAllZero).isTrue();
    }
  }

  /** Repeating columns plus a seeded perturbation: clear nearest neighbours, no near-ties. */
  static FeatureMatrix repeating(int bins, int frames, int period, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] pattern = new float[period][bins];
    for (float[] p : pattern) for (int b = 0; b < bins; b++) p[b] = (float) (r.nextDouble() * 2);
    float[] d = new float[bins * frames];
    for (int t = 0; t < frames; t++) {
      for (int b = 0; b < bins; b++) d[b * frames + t] = pattern[t % period][b] * (float) (0.8 + 0.4 * r.nextDouble());
    }
    // a silent frame: similarity 0 to everything
    for (int b = 0; b < bins; b++) d[b * frames + frames / 2] = 0;
    return new FeatureMatrix(bins, frames, d);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void similarityMedian_repeatingSpectrogram_matchesScalarWithin1e5Relative(Backend backend) {
    SeparationKernel k = kernel(backend);
    FeatureMatrix in = repeating(67, 90, 7, 41);
    int[][] cases = {{5, 3, 0}, {4, 2, 20}, {1, 1, 0}, {200, 1, 0}, {6, 30, 31}, {3, 95, 0}};
    for (int[] c : cases) {
      FeatureMatrix want = FeatureMatrix.zeros(67, 90), got = FeatureMatrix.zeros(67, 90);
      SCALAR.similarityMedian(in, c[0], c[1], c[2], want);
      k.similarityMedian(in, c[0], c[1], c[2], got);
      for (int i = 0; i < want.data().length; i++) {
        assertThat(got.data()[i]).as("k %d min %d max %d cell %d", c[0], c[1], c[2], i)
            .isCloseTo(want.data()[i], org.assertj.core.data.Offset.offset((float) (SIM_TOL * Math.abs(want.data()[i]) + 1e-30)))
            .isLessThanOrEqualTo(in.data()[i]);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void similarityMedian_frameRange_equalsTheWholeMatrixThere(Backend backend) {
    SeparationKernel k = kernel(backend);
    FeatureMatrix in = repeating(40, 75, 6, 43);
    FeatureMatrix whole = FeatureMatrix.zeros(40, 75), part = FeatureMatrix.zeros(40, 75);
    k.similarityMedian(in, 4, 3, 12, whole);
    k.similarityMedian(in, 4, 3, 12, 17, 52, part);
    for (int b = 0; b < 40; b++) {
      for (int t = 17; t < 52; t++) assertThat(part.get(b, t)).isEqualTo(whole.get(b, t));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void similarityMedian_exactRepeats_modelEqualsInputAndNoCandidatesCopies(Backend backend) {
    SeparationKernel k = kernel(backend);
    // period 4, no perturbation: the neighbours at distance 4, 8 hold the same column, median = the column
    float[] d = new float[5 * 40];
    for (int t = 0; t < 40; t++) for (int b = 0; b < 5; b++) d[b * 40 + t] = 1 + ((t % 4) * 5 + b) % 7;
    FeatureMatrix in = new FeatureMatrix(5, 40, d), got = FeatureMatrix.zeros(5, 40);
    k.similarityMedian(in, 3, 2, 0, got);
    assertThat(got.data()).isEqualTo(d);
    // minDistance beyond the signal: no candidates, the frame is copied
    k.similarityMedian(in, 3, 50, 0, got);
    assertThat(got.data()).isEqualTo(d);
  }

  static double frob(FeatureMatrix w, FeatureMatrix h, int bins, int frames, int rank, double[] into) {
    double s = 0;
    for (int b = 0; b < bins; b++) {
      for (int t = 0; t < frames; t++) {
        double v = 0;
        for (int r = 0; r < rank; r++) v += (double) w.data()[b * rank + r] * h.data()[r * frames + t];
        into[b * frames + t] = v;
        s += v * v;
      }
    }
    return Math.sqrt(s);
  }

  static FeatureMatrix[] seeded(int bins, int frames, int rank, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] w = new float[bins * rank], h = new float[rank * frames];
    for (int i = 0; i < w.length; i++) w[i] = (float) (0.1 + r.nextDouble());
    for (int i = 0; i < h.length; i++) h[i] = (float) (0.1 + r.nextDouble());
    return new FeatureMatrix[] {new FeatureMatrix(bins, rank, w), new FeatureMatrix(rank, frames, h)};
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void nmf_fiftyIterations_reconstructionWithin1e4OfScalar(Backend backend) {
    SeparationKernel k = kernel(backend);
    FeatureMatrix v = random(65, 83, 51, 0.05);
    for (NmfLoss loss : NmfLoss.values()) {
      FeatureMatrix[] a = seeded(65, 83, 4, 52), b = seeded(65, 83, 4, 52);
      SCALAR.nmf(v, a[0], a[1], 50, loss);
      k.nmf(v, b[0], b[1], 50, loss);
      double[] wa = new double[65 * 83], wb = new double[65 * 83];
      double na = frob(a[0], a[1], 65, 83, 4, wa);
      frob(b[0], b[1], 65, 83, 4, wb);
      double diff = 0;
      for (int i = 0; i < wa.length; i++) diff += (wa[i] - wb[i]) * (wa[i] - wb[i]);
      assertThat(Math.sqrt(diff) / na).as(loss.toString()).isLessThan(NMF_TOL);
    }
  }

  static double loss(FeatureMatrix v, double[] wh, NmfLoss loss) {
    double s = 0;
    for (int i = 0; i < wh.length; i++) {
      double x = v.data()[i], y = wh[i];
      s += loss == NmfLoss.EUCLIDEAN ? (x - y) * (x - y) : (x == 0 ? y : x * Math.log(x / y) - x + y);
    }
    return s;
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void nmf_oneIterationAtATime_lossNeverIncreases(Backend backend) {
    SeparationKernel k = kernel(backend);
    FeatureMatrix v = random(40, 60, 61, 0.05);
    for (NmfLoss loss : NmfLoss.values()) {
      FeatureMatrix[] f = seeded(40, 60, 3, 62);
      double[] wh = new double[40 * 60];
      frob(f[0], f[1], 40, 60, 3, wh);
      double prev = loss(v, wh, loss), first = prev;
      for (int it = 0; it < 30; it++) {
        k.nmf(v, f[0], f[1], 1, loss);
        frob(f[0], f[1], 40, 60, 3, wh);
        double now = loss(v, wh, loss);
        // Lee and Seung's monotonicity; float32 factors allow a rounding-level rise
        assertThat(now).as("%s iteration %d", loss, it).isLessThanOrEqualTo(prev * (1 + 1e-6));
        prev = now;
      }
      assertThat(prev).isLessThan(first * 0.9);
    }
  }

  static Spectrogram complex(int bins, int frames, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] re = new float[bins * frames], im = new float[bins * frames];
    for (int i = 0; i < re.length; i++) {
      if (r.nextDouble() < 0.1) continue;
      re[i] = (float) r.nextGaussian();
      im[i] = (float) r.nextGaussian();
    }
    return new Spectrogram(bins, frames, re, im);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void stereoSimilarity_randomPairs_matchScalarIdenticalIsOneSilentIsZero(Backend backend) {
    SeparationKernel k = kernel(backend);
    Spectrogram l = complex(33, 41, 71), r = complex(33, 41, 72);
    FeatureMatrix want = FeatureMatrix.zeros(33, 41), got = FeatureMatrix.zeros(33, 41);
    SCALAR.stereoSimilarity(l, r, want);
    k.stereoSimilarity(l, r, got);
    for (int i = 0; i < want.data().length; i++) {
      assertThat((double) got.data()[i]).isCloseTo(want.data()[i], org.assertj.core.data.Offset.offset(MASK_TOL)).isBetween(0.0, 1.0 + 1e-6);
    }
    k.stereoSimilarity(l, l, got);
    for (int i = 0; i < got.data().length; i++) {
      boolean silent = l.re()[i] == 0 && l.im()[i] == 0;
      assertThat((double) got.data()[i]).isCloseTo(silent ? 0.0 : 1.0, org.assertj.core.data.Offset.offset(1e-6));
    }
    Spectrogram quiet = new Spectrogram(33, 41, new float[33 * 41], new float[33 * 41]);
    k.stereoSimilarity(l, quiet, got);
    for (float v : got.data()) assertThat(v).isEqualTo(0f);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void kernel_badShapesOrArguments_throwNamingTheMethod(Backend backend) {
    SeparationKernel k = kernel(backend);
    FeatureMatrix a = FeatureMatrix.zeros(4, 5), b = FeatureMatrix.zeros(5, 4);
    assertThatThrownBy(() -> k.medianFilter(a, Axis.TIME, 3, b)).hasMessageContaining("medianFilter");
    assertThatThrownBy(() -> k.medianFilter(a, Axis.TIME, 0, FeatureMatrix.zeros(4, 5))).hasMessageContaining("width");
    assertThatThrownBy(() -> k.softMask(a, a, 1f, 0, true, FeatureMatrix.zeros(4, 5))).hasMessageContaining("power");
    assertThatThrownBy(() -> k.similarityMedian(a, 0, 1, 0, FeatureMatrix.zeros(4, 5))).hasMessageContaining("k must");
    assertThatThrownBy(() -> k.nmf(a, FeatureMatrix.zeros(4, 2), FeatureMatrix.zeros(3, 5), 1, NmfLoss.EUCLIDEAN)).hasMessageContaining("nmf");
    assertThat(k.backend()).isEqualTo(backend);
  }
}
