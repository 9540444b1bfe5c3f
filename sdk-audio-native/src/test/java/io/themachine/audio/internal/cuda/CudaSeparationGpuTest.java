package io.themachine.audio.internal.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import io.themachine.audio.Backend;
import io.themachine.audio.dsp.FeatureMatrix;
import io.themachine.audio.dsp.Spectrogram;
import io.themachine.audio.separation.SeparationKernel;
import io.themachine.audio.separation.SeparationKernel.Axis;
import io.themachine.audio.separation.SeparationKernel.NmfLoss;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every {@link SeparationKernel} method of {@link CudaSeparation} on the device against a plain-Java
 * reference written from the contract (the scalar kernel lives on another branch; the shared
 * contract suite adds CUDA at the merge). Tolerances are the contract's: medians bit for bit
 * (register and radix paths, both axes, windows longer than the axis); soft and ratio masks and
 * stereo similarity within 1e-6 absolute; REPET-SIM within 1e-5 relative on a signal without
 * near-ties, in one pass and in several; NMF's reconstruction {@code w h} within 1e-4 relative
 * (Frobenius) of double precision after 50 iterations of each loss.
 */
@Tag("gpu")
class CudaSeparationGpuTest {
  SeparationKernel k;

  @BeforeEach
  void gpu() {
    GpuAssume.cuda();
    k = Backend.CUDA.separation();
  }

  static FeatureMatrix random(int rows, int frames, long seed, int levels) {
    Random r = new Random(seed);
    float[] d = new float[rows * frames];
    for (int i = 0; i < d.length; i++) d[i] = levels > 0 ? r.nextInt(levels) / (float) levels : r.nextFloat();
    return new FeatureMatrix(rows, frames, d);
  }

  @Test
  void backend_cuda_loadsThisClass() {
    assertThat(k).isInstanceOf(CudaSeparation.class);
    assertThat(k.backend()).isEqualTo(Backend.CUDA);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4, 17, 31, 32, 33, 63, 64, 65, 101, 400})
  void medianFilter_bothAxes_equalsScipyReflectBitForBit(int width) {
    for (int[] shape : new int[][] {{37, 300}, {9, 23}, {1025, 40}}) {
      FeatureMatrix in = random(shape[0], shape[1], width * 31L + shape[0], 12); // ties
      for (Axis axis : Axis.values()) {
        FeatureMatrix got = FeatureMatrix.zeros(in.rows(), in.frames());
        k.medianFilter(in, axis, width, got);
        float[] want = new float[in.data().length];
        float[] scratch = new float[width];
        if (axis == Axis.TIME) {
          for (int b = 0; b < in.rows(); b++) HpssModel.medianLine(in.data(), b * in.frames(), in.frames(), 1, width, want, b * in.frames(), scratch);
        } else {
          for (int t = 0; t < in.frames(); t++) HpssModel.medianLine(in.data(), t, in.rows(), in.frames(), width, want, t, scratch);
        }
        assertThat(got.data()).as("%s width %d shape %s", axis, width, Arrays.toString(shape)).containsExactly(want);
      }
    }
  }

  @Test
  void softMask_powersAndZeros_within1e6() {
    FeatureMatrix x = random(129, 301, 1, 0), ref = random(129, 301, 2, 0);
    for (int i = 0; i < x.data().length; i += 13) x.data()[i] = 0f;
    for (int i = 0; i < ref.data().length; i += 7) ref.data()[i] = 0f;
    for (double p : new double[] {1, 2, 0.5, 3.7, Double.POSITIVE_INFINITY}) {
      for (boolean split : new boolean[] {false, true}) {
        FeatureMatrix got = FeatureMatrix.zeros(129, 301);
        k.softMask(x, ref, 1.5f, p, split, got);
        double worst = 0;
        for (int i = 0; i < got.data().length; i++) {
          worst = Math.max(worst, Math.abs(got.data()[i] - HpssModel.softMask(x.data()[i], 1.5f * ref.data()[i], p, split)));
        }
        assertThat(worst).as("power %s split %s", p, split).isLessThan(1e-6);
      }
    }
  }

  @Test
  void ratioMasks_threeEstimates_within1e6AndSumToOne() {
    FeatureMatrix[] est = {random(65, 200, 3, 0), random(65, 200, 4, 0), random(65, 200, 5, 0)};
    for (int i = 0; i < est[0].data().length; i += 11) for (FeatureMatrix e : est) e.data()[i] = 0f;
    for (int i = 0; i < est[1].data().length; i += 3) est[1].data()[i] = -est[1].data()[i]; // |v|^p
    for (double p : new double[] {2, 1, 1.5}) {
      FeatureMatrix[] m = {FeatureMatrix.zeros(65, 200), FeatureMatrix.zeros(65, 200), FeatureMatrix.zeros(65, 200)};
      k.ratioMasks(est, p, m);
      double worst = 0, sum = 0;
      for (int i = 0; i < est[0].data().length; i++) {
        double s = 0;
        for (FeatureMatrix e : est) s += Math.pow(Math.abs(e.data()[i]), p);
        double total = 0;
        for (int j = 0; j < 3; j++) {
          double want = s < Float.MIN_NORMAL ? 1.0 / 3 : Math.pow(Math.abs(est[j].data()[i]), p) / s;
          worst = Math.max(worst, Math.abs(m[j].data()[i] - want));
          total += m[j].data()[i];
        }
        sum = Math.max(sum, Math.abs(total - 1));
      }
      assertThat(worst).as("power %s", p).isLessThan(1e-6);
      assertThat(sum).isLessThan(1e-6);
    }
  }

  @Test
  void stereoSimilarity_within1e6_identicalIsOne_silentIsZero() {
    Random r = new Random(9);
    int bins = 513, frames = 77, n = bins * frames;
    float[][] a = new float[4][n];
    for (float[] v : a) for (int i = 0; i < n; i++) v[i] = r.nextFloat() - 0.5f;
    for (int i = 0; i < n; i += 5) { a[2][i] = a[0][i]; a[3][i] = a[1][i]; }
    for (int i = 1; i < n; i += 9) { a[2][i] = 0; a[3][i] = 0; }
    FeatureMatrix out = FeatureMatrix.zeros(bins, frames);
    k.stereoSimilarity(new Spectrogram(bins, frames, a[0], a[1]), new Spectrogram(bins, frames, a[2], a[3]), out);
    double worst = 0;
    for (int i = 0; i < n; i++) {
      double lr = a[0][i], li = a[1][i], rr = a[2][i], ri = a[3][i];
      double den = lr * lr + li * li + rr * rr + ri * ri;
      double want = den < Float.MIN_NORMAL ? 0 : 2 * Math.hypot(lr * rr + li * ri, li * rr - lr * ri) / den;
      worst = Math.max(worst, Math.abs(out.data()[i] - want));
    }
    assertThat(worst).isLessThan(1e-6);
    assertThat(out.data()[0]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(out.data()[1]).isZero();
  }

  /** The contract's REPET-SIM model in double: cosine, top k (ties to the lower index), median, min with the input. */
  static float[] repetReference(FeatureMatrix in, int kk, int minD, int maxD) {
    int bins = in.rows(), frames = in.frames();
    float[] x = in.data();
    double[] norm = new double[frames];
    for (int t = 0; t < frames; t++) {
      double s = 0;
      for (int b = 0; b < bins; b++) s += (double) x[b * frames + t] * x[b * frames + t];
      norm[t] = Math.sqrt(s);
    }
    float[] out = new float[x.length];
    for (int t = 0; t < frames; t++) {
      List<double[]> cand = new ArrayList<>();
      for (int j = 0; j < frames; j++) {
        int d = Math.abs(t - j);
        if (d < minD || (maxD > 0 && d > maxD)) continue;
        double s = 0;
        for (int b = 0; b < bins; b++) s += (double) x[b * frames + t] * x[b * frames + j];
        cand.add(new double[] {norm[t] == 0 || norm[j] == 0 ? 0 : s / (norm[t] * norm[j]), j});
      }
      cand.sort(Comparator.<double[]>comparingDouble(c -> -c[0]).thenComparingDouble(c -> c[1]));
      int n = Math.min(kk, cand.size());
      double[] v = new double[n];
      for (int b = 0; b < bins; b++) {
        for (int i = 0; i < n; i++) v[i] = x[b * frames + (int) cand.get(i)[1]];
        Arrays.sort(v);
        double model = n == 0 ? x[b * frames + t] : n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
        out[b * frames + t] = (float) Math.min(model, x[b * frames + t]);
      }
    }
    return out;
  }

  @Test
  void similarityMedian_onePassAndSeveral_within1e5Relative() {
    FeatureMatrix in = random(96, 420, 11, 0);
    for (int t = 0; t < in.frames(); t += 4) for (int b = 0; b < 96; b++) in.data()[b * in.frames() + t] *= 3; // a repeating beat
    for (int b = 0; b < 96; b++) in.data()[b * in.frames() + 100] = 0f; // an all-zero column
    for (int b = 0; b < 96; b++) { // one direction scaled by powers of two: exact similarity ties, different values
      in.data()[b * in.frames() + 50] = 0.5f;
      in.data()[b * in.frames() + 150] = 1f;
      in.data()[b * in.frames() + 250] = 2f;
      in.data()[b * in.frames() + 350] = 4f;
    }
    for (int[] c : new int[][] {{7, 3, 0}, {8, 1, 0}, {10, 2, 60}, {1000, 0, 0}, {0, 0, 0}, {2, 1, 0}, {3, 1, 0}}) {
      float[] want = repetReference(in, c[0], c[1], c[2]);
      for (int pass : new int[] {in.frames(), 97}) {
        FeatureMatrix got = FeatureMatrix.zeros(in.rows(), in.frames());
        ((CudaSeparation) k).similarityMedian(in, c[0], c[1], c[2], got, pass);
        double worst = 0;
        for (int i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got.data()[i] - want[i]) / Math.max(1e-30, Math.abs(want[i])));
        assertThat(worst).as("k=%d min=%d max=%d pass=%d", c[0], c[1], c[2], pass).isLessThan(1e-5);
      }
    }
  }

  @Test
  void similarityMedian_frameRange_matchesTheWholeCallOnThatRange() {
    FeatureMatrix in = random(64, 300, 12, 0);
    FeatureMatrix whole = FeatureMatrix.zeros(64, 300), part = FeatureMatrix.zeros(64, 300);
    k.similarityMedian(in, 9, 2, 40, whole);
    java.util.Arrays.fill(part.data(), -7f);
    ((CudaSeparation) k).similarityMedian(in, 9, 2, 40, 117, 181, part);
    for (int b = 0; b < 64; b++) {
      for (int t = 0; t < 300; t++) {
        float want = t >= 117 && t < 181 ? whole.data()[b * 300 + t] : -7f; // outside the range: untouched
        assertThat(part.data()[b * 300 + t]).as("b=%d t=%d", b, t).isEqualTo(want);
      }
    }
  }

  /** Lee-Seung updates in double, H then W, denominators floored at 1e-12. */
  static void nmfReference(float[] vf, double[] w, double[] h, int bins, int frames, int rank, int iters, NmfLoss loss) {
    double[] wh = new double[bins * frames];
    Runnable product = () -> {
      for (int b = 0; b < bins; b++) for (int t = 0; t < frames; t++) {
        double s = 0;
        for (int r = 0; r < rank; r++) s += w[b * rank + r] * h[r * frames + t];
        wh[b * frames + t] = s;
      }
    };
    for (int it = 0; it < iters; it++) {
      product.run();
      double[] nh = new double[rank * frames];
      for (int r = 0; r < rank; r++) {
        double sw = 0;
        for (int b = 0; b < bins; b++) sw += w[b * rank + r];
        for (int t = 0; t < frames; t++) {
          double num = 0, den = 0;
          for (int b = 0; b < bins; b++) {
            if (loss == NmfLoss.EUCLIDEAN) {
              num += w[b * rank + r] * vf[b * frames + t];
              den += w[b * rank + r] * wh[b * frames + t];
            } else {
              num += w[b * rank + r] * vf[b * frames + t] / Math.max(wh[b * frames + t], 1e-12);
            }
          }
          nh[r * frames + t] = num / Math.max(loss == NmfLoss.EUCLIDEAN ? den : sw, 1e-12);
        }
      }
      for (int i = 0; i < nh.length; i++) h[i] *= nh[i];
      product.run();
      double[] nw = new double[bins * rank];
      for (int r = 0; r < rank; r++) {
        double sh = 0;
        for (int t = 0; t < frames; t++) sh += h[r * frames + t];
        for (int b = 0; b < bins; b++) {
          double num = 0, den = 0;
          for (int t = 0; t < frames; t++) {
            if (loss == NmfLoss.EUCLIDEAN) {
              num += vf[b * frames + t] * h[r * frames + t];
              den += wh[b * frames + t] * h[r * frames + t];
            } else {
              num += vf[b * frames + t] / Math.max(wh[b * frames + t], 1e-12) * h[r * frames + t];
            }
          }
          nw[b * rank + r] = num / Math.max(loss == NmfLoss.EUCLIDEAN ? den : sh, 1e-12);
        }
      }
      for (int i = 0; i < nw.length; i++) w[i] *= nw[i];
    }
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(NmfLoss.class)
  void nmf_fiftyIterations_reconstructionWithin1e4(NmfLoss loss) {
    int bins = 129, frames = 200, rank = 8;
    FeatureMatrix v = random(bins, frames, 21, 0);
    for (int i = 0; i < v.data().length; i++) v.data()[i] += 0.01f;
    FeatureMatrix w = random(bins, rank, 22, 0), h = random(rank, frames, 23, 0);
    for (int i = 0; i < w.data().length; i++) w.data()[i] += 0.1f;
    for (int i = 0; i < h.data().length; i++) h.data()[i] += 0.1f;
    double[] wd = new double[w.data().length], hd = new double[h.data().length];
    for (int i = 0; i < wd.length; i++) wd[i] = w.data()[i];
    for (int i = 0; i < hd.length; i++) hd[i] = h.data()[i];
    k.nmf(v, w, h, 50, loss);
    nmfReference(v.data(), wd, hd, bins, frames, rank, 50, loss);
    double e = 0, s = 0;
    for (int b = 0; b < bins; b++) for (int t = 0; t < frames; t++) {
      double g = 0, want = 0;
      for (int r = 0; r < rank; r++) {
        g += (double) w.data()[b * rank + r] * h.data()[r * frames + t];
        want += wd[b * rank + r] * hd[r * frames + t];
      }
      e += (g - want) * (g - want);
      s += want * want;
    }
    assertThat(Math.sqrt(e / s)).as(loss.toString()).isLessThan(1e-4);
  }
}
