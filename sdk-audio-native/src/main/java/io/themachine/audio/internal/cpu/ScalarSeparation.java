package io.themachine.audio.internal.cpu;

import io.themachine.audio.Backend;
import io.themachine.audio.dsp.FeatureMatrix;
import io.themachine.audio.dsp.Spectrogram;
import io.themachine.audio.separation.SeparationKernel;
import java.util.Arrays;

/**
 * The reference {@link SeparationKernel}: plain Java, double precision wherever a sum or a ratio is
 * formed (masks, similarities, NMF factors), float32 storage. Median filters keep a sorted window
 * per line and slide it (one remove-and-insert per step, O(width)), which is exact.
 */
public final class ScalarSeparation implements SeparationKernel {
  static final double EPS = 1e-12;

  private float[] line = new float[0];
  private float[] sorted = new float[0];
  private float[] lineOut = new float[0];

  public ScalarSeparation() {}

  @Override
  public Backend backend() {
    return Backend.SCALAR;
  }

  // ------------------------------------------------------------------------------------------
  // median filter

  @Override
  public void medianFilter(FeatureMatrix in, Axis axis, int width, FeatureMatrix out) {
    Shapes.checkMedian(in, width, out);
    int rows = in.rows(), frames = in.frames();
    if (rows == 0 || frames == 0) return;
    float[] x = in.data(), y = out.data();
    int n = axis == Axis.TIME ? frames : rows;
    int lines = axis == Axis.TIME ? rows : frames;
    ensure(n, width);
    for (int l = 0; l < lines; l++) {
      if (axis == Axis.TIME) {
        Reflect.extend(x, l * frames, 1, n, width, line);
        slide(line, n, width, sorted, y, l * frames, 1);
      } else {
        Reflect.extend(x, l, frames, n, width, line);
        slide(line, n, width, sorted, y, l, frames);
      }
    }
  }

  private void ensure(int n, int width) {
    if (line.length < n + width - 1) line = new float[n + width - 1];
    if (sorted.length < width) sorted = new float[width];
    if (lineOut.length < n) lineOut = new float[n];
  }

  /**
   * Rank {@code width / 2} of every window of the extended line {@code ext} (length
   * {@code n + width - 1}), written to {@code out[off + i * stride]}.
   */
  static void slide(float[] ext, int n, int width, float[] sorted, float[] out, int off, int stride) {
    System.arraycopy(ext, 0, sorted, 0, width);
    Arrays.sort(sorted, 0, width);
    int mid = width / 2;
    for (int i = 0; ; i++) {
      out[off + i * stride] = sorted[mid];
      if (i == n - 1) break;
      float old = ext[i], nw = ext[i + width];
      // position of one copy of the outgoing value; equal values are interchangeable
      int lo = 0, hi = width - 1;
      while (lo < hi) {
        int m = (lo + hi) >>> 1;
        if (sorted[m] < old) lo = m + 1; else hi = m;
      }
      int p = lo;
      if (nw > old) {
        while (p + 1 < width && sorted[p + 1] < nw) { sorted[p] = sorted[p + 1]; p++; }
      } else {
        while (p > 0 && sorted[p - 1] > nw) { sorted[p] = sorted[p - 1]; p--; }
      }
      sorted[p] = nw;
    }
  }

  // ------------------------------------------------------------------------------------------
  // masks

  @Override
  public void softMask(FeatureMatrix x, FeatureMatrix ref, float refScale, double power, boolean splitZeros, FeatureMatrix out) {
    Shapes.checkSame("softMask", x, ref, out);
    if (!(power > 0)) throw new IllegalArgumentException("softMask: power must be positive: " + power);
    float[] a = x.data(), b = ref.data(), m = out.data();
    double scale = refScale;
    if (power == Double.POSITIVE_INFINITY) {
      // librosa: mask = X > X_ref, no zero handling; the reference is scaled in float as numpy does
      for (int i = 0; i < a.length; i++) m[i] = a[i] > refScale * b[i] ? 1f : 0f;
      return;
    }
    float zero = splitZeros ? 0.5f : 0f;
    for (int i = 0; i < a.length; i++) {
      double xa = a[i], rb = (float) (refScale * b[i]);
      double z = Math.max(xa, rb);
      if (z < Float.MIN_NORMAL) { m[i] = zero; continue; }
      double p = pow(xa / z, power), q = pow(rb / z, power);
      m[i] = (float) (p / (p + q));
    }
  }

  static double pow(double v, double p) {
    return p == 2.0 ? v * v : p == 1.0 ? v : Math.pow(v, p);
  }

  @Override
  public void ratioMasks(FeatureMatrix[] estimates, double power, FeatureMatrix[] masks) {
    Shapes.checkRatio(estimates, power, masks);
    int n = estimates.length;
    int cells = estimates[0].data().length;
    float uniform = 1f / n;
    for (int i = 0; i < cells; i++) {
      double sum = 0;
      for (FeatureMatrix e : estimates) sum += pow(Math.abs(e.data()[i]), power);
      if (sum < Float.MIN_NORMAL) {
        for (FeatureMatrix m : masks) m.data()[i] = uniform;
        continue;
      }
      for (int j = 0; j < n; j++) masks[j].data()[i] = (float) (pow(Math.abs(estimates[j].data()[i]), power) / sum);
    }
  }

  // ------------------------------------------------------------------------------------------
  // REPET-SIM

  @Override
  public void similarityMedian(FeatureMatrix in, int k, int minDistance, int maxDistance, FeatureMatrix out) {
    similarityMedian(in, k, minDistance, maxDistance, 0, in.frames(), out);
  }

  @Override
  public void similarityMedian(FeatureMatrix in, int k, int minDistance, int maxDistance, int from, int to, FeatureMatrix out) {
    Shapes.checkSimilarity(in, k, minDistance, maxDistance, out);
    java.util.Objects.checkFromToIndex(from, to, in.frames());
    int bins = in.rows(), frames = in.frames();
    if (bins == 0 || frames == 0) return;
    float[] x = in.data();
    // frame-major copy so a column is contiguous
    float[] cols = new float[bins * frames];
    double[] norm = new double[frames];
    for (int b = 0; b < bins; b++) for (int t = 0; t < frames; t++) cols[t * bins + b] = x[b * frames + t];
    for (int t = 0; t < frames; t++) {
      double s = 0;
      for (int b = 0; b < bins; b++) s += (double) cols[t * bins + b] * cols[t * bins + b];
      norm[t] = Math.sqrt(s);
    }
    Neighbours nb = new Neighbours(k, bins);
    int[] range = new int[4];
    for (int t = from; t < to; t++) {
      nb.clear();
      Neighbours.window(t, frames, minDistance, maxDistance, range);
      for (int side = 0; side < 2; side++) {
        for (int j = range[2 * side]; j < range[2 * side + 1]; j++) {
          double s = 0;
          if (norm[t] > 0 && norm[j] > 0) {
            double d = 0;
            int ot = t * bins, oj = j * bins;
            for (int b = 0; b < bins; b++) d += (double) cols[ot + b] * cols[oj + b];
            s = d / (norm[t] * norm[j]);
          }
          nb.offer(s, j);
        }
      }
      nb.aggregate(x, frames, t, out.data());
    }
  }

  // ------------------------------------------------------------------------------------------
  // NMF

  @Override
  public void nmf(FeatureMatrix v, FeatureMatrix w, FeatureMatrix h, int iterations, NmfLoss loss) {
    Shapes.checkNmf(v, w, h, iterations);
    Shapes.loss(loss);
    int bins = v.rows(), frames = v.frames(), rank = w.frames();
    if (bins == 0 || frames == 0 || rank == 0 || iterations == 0) return;
    float[] vf = v.data();
    double[] W = toDouble(w.data()), H = toDouble(h.data());
    double[] numH = new double[rank * frames], denH = new double[rank * frames];
    double[] numW = new double[bins * rank], denW = new double[bins * rank];
    double[] gram = new double[rank * rank];
    double[] wh = loss == NmfLoss.KULLBACK_LEIBLER ? new double[bins * frames] : null;
    double[] sums = new double[rank];
    for (int it = 0; it < iterations; it++) {
      if (loss == NmfLoss.EUCLIDEAN) {
        // H <- H * (W^T V) / (W^T W H)
        Arrays.fill(numH, 0);
        for (int b = 0; b < bins; b++) {
          for (int r = 0; r < rank; r++) {
            double wbr = W[b * rank + r];
            int o = r * frames, ov = b * frames;
            for (int t = 0; t < frames; t++) numH[o + t] += wbr * vf[ov + t];
          }
        }
        Arrays.fill(gram, 0);
        for (int b = 0; b < bins; b++) {
          for (int r = 0; r < rank; r++) for (int s = 0; s < rank; s++) gram[r * rank + s] += W[b * rank + r] * W[b * rank + s];
        }
        Arrays.fill(denH, 0);
        for (int r = 0; r < rank; r++) {
          for (int s = 0; s < rank; s++) {
            double g = gram[r * rank + s];
            for (int t = 0; t < frames; t++) denH[r * frames + t] += g * H[s * frames + t];
          }
        }
        for (int i = 0; i < H.length; i++) H[i] *= numH[i] / Math.max(denH[i], EPS);
        // W <- W * (V H^T) / (W H H^T)
        for (int b = 0; b < bins; b++) {
          for (int r = 0; r < rank; r++) {
            double d = 0;
            int ov = b * frames, oh = r * frames;
            for (int t = 0; t < frames; t++) d += vf[ov + t] * H[oh + t];
            numW[b * rank + r] = d;
          }
        }
        Arrays.fill(gram, 0);
        for (int r = 0; r < rank; r++) {
          for (int s = 0; s < rank; s++) {
            double d = 0;
            for (int t = 0; t < frames; t++) d += H[r * frames + t] * H[s * frames + t];
            gram[r * rank + s] = d;
          }
        }
        for (int b = 0; b < bins; b++) {
          for (int r = 0; r < rank; r++) {
            double d = 0;
            for (int s = 0; s < rank; s++) d += W[b * rank + s] * gram[s * rank + r];
            denW[b * rank + r] = d;
          }
        }
        for (int i = 0; i < W.length; i++) W[i] *= numW[i] / Math.max(denW[i], EPS);
      } else {
        // H <- H * (W^T (V / WH)) / (W^T 1)
        ratio(vf, W, H, bins, frames, rank, wh);
        Arrays.fill(numH, 0);
        Arrays.fill(sums, 0);
        for (int b = 0; b < bins; b++) {
          for (int r = 0; r < rank; r++) {
            double wbr = W[b * rank + r];
            sums[r] += wbr;
            int o = r * frames, oq = b * frames;
            for (int t = 0; t < frames; t++) numH[o + t] += wbr * wh[oq + t];
          }
        }
        for (int r = 0; r < rank; r++) {
          double d = Math.max(sums[r], EPS);
          for (int t = 0; t < frames; t++) H[r * frames + t] *= numH[r * frames + t] / d;
        }
        // W <- W * ((V / WH) H^T) / (1 H^T)
        ratio(vf, W, H, bins, frames, rank, wh);
        for (int r = 0; r < rank; r++) {
          double d = 0;
          for (int t = 0; t < frames; t++) d += H[r * frames + t];
          sums[r] = Math.max(d, EPS);
        }
        for (int b = 0; b < bins; b++) {
          for (int r = 0; r < rank; r++) {
            double d = 0;
            int oq = b * frames, oh = r * frames;
            for (int t = 0; t < frames; t++) d += wh[oq + t] * H[oh + t];
            W[b * rank + r] *= d / sums[r];
          }
        }
      }
    }
    for (int i = 0; i < W.length; i++) w.data()[i] = (float) W[i];
    for (int i = 0; i < H.length; i++) h.data()[i] = (float) H[i];
  }

  /** {@code q = v / max(W H, eps)}. */
  private static void ratio(float[] v, double[] W, double[] H, int bins, int frames, int rank, double[] q) {
    Arrays.fill(q, 0);
    for (int b = 0; b < bins; b++) {
      int o = b * frames;
      for (int r = 0; r < rank; r++) {
        double wbr = W[b * rank + r];
        int oh = r * frames;
        for (int t = 0; t < frames; t++) q[o + t] += wbr * H[oh + t];
      }
      for (int t = 0; t < frames; t++) q[o + t] = v[o + t] / Math.max(q[o + t], EPS);
    }
  }

  private static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) d[i] = a[i];
    return d;
  }

  // ------------------------------------------------------------------------------------------
  // stereo similarity

  @Override
  public void stereoSimilarity(Spectrogram left, Spectrogram right, FeatureMatrix out) {
    Shapes.checkStereo(left, right, out);
    float[] lr = left.re(), li = left.im(), rr = right.re(), ri = right.im(), y = out.data();
    for (int i = 0; i < y.length; i++) {
      double pl = (double) lr[i] * lr[i] + (double) li[i] * li[i];
      double pr = (double) rr[i] * rr[i] + (double) ri[i] * ri[i];
      double den = pl + pr;
      // |L conj(R)| = |L| |R|
      y[i] = den < Float.MIN_NORMAL ? 0f : (float) (2.0 * Math.sqrt(pl) * Math.sqrt(pr) / den);
    }
  }
}
