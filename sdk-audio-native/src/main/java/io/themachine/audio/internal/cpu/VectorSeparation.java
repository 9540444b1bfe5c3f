package io.themachine.audio.internal.cpu;

import io.themachine.audio.Backend;
import io.themachine.audio.dsp.FeatureMatrix;
import io.themachine.audio.dsp.Spectrogram;
import io.themachine.audio.separation.SeparationKernel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SeparationKernel} on the Vector API, float32 throughout.
 *
 * <p>Median filters run one sliding window per lane: lanes are frames for {@link Axis#FREQUENCY}
 * (consecutive columns are contiguous) and rows for {@link Axis#TIME} (a block of rows is
 * transposed into lane order first). Each lane keeps its window sorted with branch-free
 * compare-and-blend steps: removing the outgoing value is {@code b[j] = a[j] < old ? a[j] : a[j+1]},
 * inserting the incoming one is {@code c[j] = max(b[j-1], min(new, b[j]))}; both are exact, so the
 * result equals the scalar kernel's bit for bit (as values: -0.0 and 0.0 compare equal). Columns or
 * rows that do not fill a vector go through the scalar slide.
 *
 * <p>REPET-SIM's cosine similarities are float dot products of unit columns, computed for a tile of
 * frames against each candidate column (one pass over the candidate per tile); the neighbour
 * selection is the scalar kernel's, the per-bin medians sort the neighbours' values a vector of bins
 * at a time with a sorting network. NMF uses float axpy/dot loops with FMA.
 */
public final class VectorSeparation implements SeparationKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final float INF = Float.POSITIVE_INFINITY;
  /** Frames per similarity tile: 8 accumulators stay in registers next to the candidate's vector. */
  private static final int TILE = 8;

  private float[] sortedLanes = new float[0];
  private float[] ext = new float[0];
  private float[] outLanes = new float[0];
  private float[] line = new float[0];
  private float[] sorted = new float[0];

  public VectorSeparation() {}

  @Override
  public Backend backend() {
    return Backend.VECTOR;
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
    if (sortedLanes.length < width * L) sortedLanes = new float[width * L];
    if (line.length < n + width - 1) line = new float[n + width - 1];
    if (sorted.length < width) sorted = new float[width];
    int vecLines = lines - lines % L;
    int before = width / 2;
    int total = n + width - 1;
    if (axis == Axis.FREQUENCY) {
      // lanes = frames t0 .. t0 + L - 1; element i of a lane's line is x[i * frames + t]
      for (int t0 = 0; t0 < vecLines; t0 += L) {
        initSorted(width);
        for (int e = 0; e < width; e++) insert(width, FloatVector.fromArray(S, x, rowOf(e - before, n) * frames + t0));
        int mid = width / 2 * L;
        for (int i = 0; ; i++) {
          FloatVector.fromArray(S, sortedLanes, mid).intoArray(y, i * frames + t0);
          if (i == n - 1) break;
          FloatVector old = FloatVector.fromArray(S, x, rowOf(i - before, n) * frames + t0);
          FloatVector nw = FloatVector.fromArray(S, x, rowOf(i + width - before, n) * frames + t0);
          replace(width, old, nw);
        }
      }
      for (int t = vecLines; t < frames; t++) {
        Reflect.extend(x, t, frames, n, width, line);
        ScalarSeparation.slide(line, n, width, sorted, y, t, frames);
      }
    } else {
      if (ext.length < total * L) ext = new float[total * L];
      if (outLanes.length < n * L) outLanes = new float[n * L];
      for (int r0 = 0; r0 < vecLines; r0 += L) {
        // transpose L rows into lane order, extended by reflection
        for (int l = 0; l < L; l++) {
          int o = (r0 + l) * frames;
          for (int e = 0; e < total; e++) {
            int i = e - before;
            if (i < 0 || i >= n) i = Reflect.index(i, n);
            ext[e * L + l] = x[o + i];
          }
        }
        initSorted(width);
        for (int e = 0; e < width; e++) insert(width, FloatVector.fromArray(S, ext, e * L));
        int mid = width / 2 * L;
        for (int i = 0; ; i++) {
          FloatVector.fromArray(S, sortedLanes, mid).intoArray(outLanes, i * L);
          if (i == n - 1) break;
          replace(width, FloatVector.fromArray(S, ext, i * L), FloatVector.fromArray(S, ext, (i + width) * L));
        }
        for (int l = 0; l < L; l++) {
          int o = (r0 + l) * frames;
          for (int i = 0; i < n; i++) y[o + i] = outLanes[i * L + l];
        }
      }
      for (int r = vecLines; r < rows; r++) {
        Reflect.extend(x, r * frames, 1, n, width, line);
        ScalarSeparation.slide(line, n, width, sorted, y, r * frames, 1);
      }
    }
  }

  private static int rowOf(int i, int n) {
    return i >= 0 && i < n ? i : Reflect.index(i, n);
  }

  private void initSorted(int width) {
    Arrays.fill(sortedLanes, 0, width * L, INF);
  }

  /** Inserts {@code v} into every lane's sorted window; the last (+inf while filling) drops off. */
  private void insert(int width, FloatVector v) {
    float[] a = sortedLanes;
    FloatVector prev = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
    for (int j = 0; j < width; j++) {
      FloatVector aj = FloatVector.fromArray(S, a, j * L);
      prev.max(v.min(aj)).intoArray(a, j * L);
      prev = aj;
    }
  }

  /** Removes one copy of {@code old} from every lane's sorted window and inserts {@code nw}. */
  private void replace(int width, FloatVector old, FloatVector nw) {
    float[] a = sortedLanes;
    FloatVector prevB = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
    FloatVector aj = FloatVector.fromArray(S, a, 0);
    FloatVector inf = FloatVector.broadcast(S, INF);
    for (int j = 0; j < width; j++) {
      FloatVector next = j + 1 < width ? FloatVector.fromArray(S, a, (j + 1) * L) : inf;
      // b[j]: lanes past the outgoing value shift down by one
      FloatVector bj = aj.blend(next, aj.compare(VectorOperators.GE, old));
      prevB.max(nw.min(bj)).intoArray(a, j * L);
      prevB = bj;
      aj = next;
    }
  }

  // ------------------------------------------------------------------------------------------
  // masks

  @Override
  public void softMask(FeatureMatrix x, FeatureMatrix ref, float refScale, double power, boolean splitZeros, FeatureMatrix out) {
    Shapes.checkSame("softMask", x, ref, out);
    if (!(power > 0)) throw new IllegalArgumentException("softMask: power must be positive: " + power);
    float[] a = x.data(), b = ref.data(), m = out.data();
    int n = a.length, i = 0, up = S.loopBound(n);
    if (power == Double.POSITIVE_INFINITY) {
      FloatVector one = FloatVector.broadcast(S, 1f), zero = FloatVector.zero(S);
      for (; i < up; i += L) {
        FloatVector xa = FloatVector.fromArray(S, a, i), rb = FloatVector.fromArray(S, b, i).mul(refScale);
        zero.blend(one, xa.compare(VectorOperators.GT, rb)).intoArray(m, i);
      }
      for (; i < n; i++) m[i] = a[i] > refScale * b[i] ? 1f : 0f;
      return;
    }
    float zeroValue = splitZeros ? 0.5f : 0f;
    // powers other than 1 and 2 take the scalar path: lanewise POW is an intrinsic when compiled and
    // Java code when interpreted, which may round differently
    if (power != 1.0 && power != 2.0) up = 0;
    FloatVector one = FloatVector.broadcast(S, 1f), zv = FloatVector.broadcast(S, zeroValue);
    for (; i < up; i += L) {
      FloatVector xa = FloatVector.fromArray(S, a, i), rb = FloatVector.fromArray(S, b, i).mul(refScale);
      FloatVector z = xa.max(rb);
      VectorMask<Float> bad = z.compare(VectorOperators.LT, Float.MIN_NORMAL);
      z = z.blend(one, bad);
      FloatVector p = xa.div(z), q = rb.div(z);
      if (power == 2.0) {
        p = p.mul(p);
        q = q.mul(q);
      }
      p.div(p.add(q)).blend(zv, bad).intoArray(m, i);
    }
    for (; i < n; i++) {
      double xa = a[i], rb = refScale * b[i];
      double z = Math.max(xa, rb);
      if (z < Float.MIN_NORMAL) { m[i] = zeroValue; continue; }
      double p = ScalarSeparation.pow(xa / z, power), q = ScalarSeparation.pow(rb / z, power);
      m[i] = (float) (p / (p + q));
    }
  }

  @Override
  public void ratioMasks(FeatureMatrix[] estimates, double power, FeatureMatrix[] masks) {
    Shapes.checkRatio(estimates, power, masks);
    int k = estimates.length;
    int n = estimates[0].data().length, up = power == 1.0 || power == 2.0 ? S.loopBound(n) : 0; // see softMask
    float uniform = 1f / k;
    FloatVector uni = FloatVector.broadcast(S, uniform);
    int i = 0;
    for (; i < up; i += L) {
      FloatVector sum = FloatVector.zero(S);
      for (int j = 0; j < k; j++) {
        FloatVector p = FloatVector.fromArray(S, estimates[j].data(), i).abs();
        if (power == 2.0) p = p.mul(p);
        p.intoArray(masks[j].data(), i);
        sum = sum.add(p);
      }
      VectorMask<Float> bad = sum.compare(VectorOperators.LT, Float.MIN_NORMAL);
      FloatVector safe = sum.blend(FloatVector.broadcast(S, 1f), bad);
      for (int j = 0; j < k; j++) {
        // p / sum, not p * (1 / sum), which would round twice
        FloatVector.fromArray(S, masks[j].data(), i).div(safe).blend(uni, bad).intoArray(masks[j].data(), i);
      }
    }
    for (; i < n; i++) {
      double sum = 0;
      for (FeatureMatrix e : estimates) sum += ScalarSeparation.pow(Math.abs(e.data()[i]), power);
      for (int j = 0; j < k; j++) {
        masks[j].data()[i] = sum < Float.MIN_NORMAL ? uniform
            : (float) (ScalarSeparation.pow(Math.abs(estimates[j].data()[i]), power) / sum);
      }
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
    // unit columns, frame-major, padded to a whole number of vectors (zeros add nothing to a dot)
    int stride = ((bins + L - 1) / L) * L;
    float[] u = new float[stride * frames];
    float[] raw = new float[stride * frames]; // the columns as they are, for the medians
    boolean[] zero = new boolean[frames];
    double[] norm = new double[frames];
    for (int b = 0; b < bins; b++) {
      int o = b * frames;
      for (int t = 0; t < frames; t++) {
        float v = x[o + t];
        u[t * stride + b] = v;
        raw[t * stride + b] = v;
        norm[t] += (double) v * v;
      }
    }
    for (int t = 0; t < frames; t++) {
      double nt = Math.sqrt(norm[t]);
      zero[t] = !(nt > 0);
      if (zero[t]) continue;
      float inv = (float) (1.0 / nt);
      for (int b = 0; b < bins; b++) u[t * stride + b] *= inv;
    }
    Neighbours[] nb = new Neighbours[TILE];
    for (int i = 0; i < TILE; i++) nb[i] = new Neighbours(k, bins);
    if (chosen.length < k) chosen = new int[k];
    int[][] win = new int[TILE][4];
    float[] dots = new float[TILE];
    for (int t0 = from; t0 < to; t0 += TILE) {
      int nt = Math.min(TILE, to - t0);
      int lo = Integer.MAX_VALUE, hi = 0;
      for (int i = 0; i < nt; i++) {
        nb[i].clear();
        Neighbours.window(t0 + i, frames, minDistance, maxDistance, win[i]);
        if (win[i][0] < win[i][1]) { lo = Math.min(lo, win[i][0]); hi = Math.max(hi, win[i][1]); }
        if (win[i][2] < win[i][3]) { lo = Math.min(lo, win[i][2]); hi = Math.max(hi, win[i][3]); }
      }
      for (int j = lo; j < hi; j++) {
        if (zero[j]) {
          for (int i = 0; i < nt; i++) if (inWindow(win[i], j)) nb[i].offer(0.0, j);
          continue;
        }
        dotTile(u, stride, t0, nt, j, dots);
        for (int i = 0; i < nt; i++) {
          if (!inWindow(win[i], j)) continue;
          nb[i].offer(zero[t0 + i] ? 0.0 : dots[i], j);
        }
      }
      for (int i = 0; i < nt; i++) {
        int n = nb[i].chosen(chosen);
        aggregate(raw, stride, x, bins, frames, t0 + i, chosen, n, out.data());
      }
    }
  }

  private int[] chosen = new int[0];
  private float[] work = new float[0];
  private final float[] lanesLo = new float[L];
  private final float[] lanesHi = new float[L];

  /**
   * {@code min(median of the chosen columns, x)} for every bin of frame {@code t}, {@link #L} bins at
   * a time: the chosen columns' values are sorted lane by lane with Batcher's odd-even merge network
   * (padded with +inf to a power of two), which is exact, so the medians equal the scalar
   * quickselect's bit for bit; it replaces a branchy selection per bin that dominated REPET-SIM.
   */
  private void aggregate(float[] raw, int stride, float[] x, int bins, int frames, int t, int[] chosen, int n, float[] out) {
    if (n == 0) {
      for (int b = 0; b < bins; b++) out[b * frames + t] = x[b * frames + t];
      return;
    }
    int p = Integer.highestOneBit(Math.max(1, n - 1)) << (n > 1 ? 1 : 0);
    int[] net = network(p);
    if (work.length < p * L) work = new float[p * L];
    FloatVector inf = FloatVector.broadcast(S, INF);
    for (int b0 = 0; b0 < bins; b0 += L) {
      for (int i = 0; i < n; i++) FloatVector.fromArray(S, raw, chosen[i] * stride + b0).intoArray(work, i * L);
      for (int i = n; i < p; i++) inf.intoArray(work, i * L);
      for (int c = 0; c < net.length; c += 2) {
        int a = net[c] * L, z = net[c + 1] * L;
        FloatVector va = FloatVector.fromArray(S, work, a), vz = FloatVector.fromArray(S, work, z);
        va.min(vz).intoArray(work, a);
        va.max(vz).intoArray(work, z);
      }
      int h = n >>> 1, lanes = Math.min(L, bins - b0);
      System.arraycopy(work, h * L, lanesHi, 0, L);
      if ((n & 1) == 0) System.arraycopy(work, (h - 1) * L, lanesLo, 0, L);
      for (int l = 0; l < lanes; l++) {
        // the mean of the two middle values as Neighbours.median forms it
        float med = (n & 1) == 1 ? lanesHi[l] : (float) (((double) lanesLo[l] + lanesHi[l]) * 0.5);
        int o = (b0 + l) * frames + t;
        out[o] = Math.min(med, x[o]);
      }
    }
  }

  private static final int[][] NETWORKS = new int[32][];

  /** Batcher's odd-even merge sort for {@code p} (a power of two) elements as index pairs (low, high). */
  private static int[] network(int p) {
    int log = Integer.numberOfTrailingZeros(p);
    int[] net = NETWORKS[log];
    if (net != null) return net;
    int[] pairs = new int[16];
    int count = 0;
    for (int q = 1; q < p; q <<= 1) {
      for (int k = q; k >= 1; k >>= 1) {
        for (int j = k % q; j <= p - 1 - k; j += 2 * k) {
          for (int i = 0; i <= Math.min(k - 1, p - j - k - 1); i++) {
            if ((i + j) / (2 * q) == (i + j + k) / (2 * q)) {
              if (count + 2 > pairs.length) pairs = Arrays.copyOf(pairs, pairs.length * 2);
              pairs[count++] = i + j;
              pairs[count++] = i + j + k;
            }
          }
        }
      }
    }
    net = Arrays.copyOf(pairs, count);
    NETWORKS[log] = net; // a benign race: every thread builds the same array
    return net;
  }

  private static boolean inWindow(int[] w, int j) {
    return (j >= w[0] && j < w[1]) || (j >= w[2] && j < w[3]);
  }

  /**
   * The lanes summed in lane order. reduceLanes(ADD) leaves the order unspecified, so the
   * interpreted and the compiled kernel could round differently and a streamed run (whose blocks
   * are compiled at another moment) would not equal a whole-signal one.
   */
  private static float lanes(FloatVector v) {
    float s = 0f;
    for (int i = 0; i < L; i++) s += v.lane(i);
    return s;
  }

  /** {@code dots[i] = u_{t0+i} . u_j} for {@code i < nt}. */
  private static void dotTile(float[] u, int stride, int t0, int nt, int j, float[] dots) {
    int oj = j * stride;
    if (nt == TILE) {
      FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
      int o = t0 * stride;
      for (int b = 0; b < stride; b += L) {
        FloatVector c = FloatVector.fromArray(S, u, oj + b);
        a0 = FloatVector.fromArray(S, u, o + b).fma(c, a0);
        a1 = FloatVector.fromArray(S, u, o + stride + b).fma(c, a1);
        a2 = FloatVector.fromArray(S, u, o + 2 * stride + b).fma(c, a2);
        a3 = FloatVector.fromArray(S, u, o + 3 * stride + b).fma(c, a3);
        a4 = FloatVector.fromArray(S, u, o + 4 * stride + b).fma(c, a4);
        a5 = FloatVector.fromArray(S, u, o + 5 * stride + b).fma(c, a5);
        a6 = FloatVector.fromArray(S, u, o + 6 * stride + b).fma(c, a6);
        a7 = FloatVector.fromArray(S, u, o + 7 * stride + b).fma(c, a7);
      }
      dots[0] = lanes(a0);
      dots[1] = lanes(a1);
      dots[2] = lanes(a2);
      dots[3] = lanes(a3);
      dots[4] = lanes(a4);
      dots[5] = lanes(a5);
      dots[6] = lanes(a6);
      dots[7] = lanes(a7);
      return;
    }
    for (int i = 0; i < nt; i++) {
      FloatVector acc = FloatVector.zero(S);
      int o = (t0 + i) * stride;
      for (int b = 0; b < stride; b += L) acc = FloatVector.fromArray(S, u, o + b).fma(FloatVector.fromArray(S, u, oj + b), acc);
      dots[i] = lanes(acc);
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
    float[] V = v.data(), W = w.data(), H = h.data();
    float[] num = new float[Math.max(rank * frames, bins * rank)];
    float[] den = new float[Math.max(rank * frames, bins * rank)];
    float[] gram = new float[rank * rank];
    float[] q = loss == NmfLoss.KULLBACK_LEIBLER ? new float[bins * frames] : null;
    float[] sums = new float[rank];
    float eps = Float.MIN_NORMAL;
    for (int it = 0; it < iterations; it++) {
      if (loss == NmfLoss.EUCLIDEAN) {
        Arrays.fill(num, 0, rank * frames, 0f);
        for (int b = 0; b < bins; b++) for (int r = 0; r < rank; r++) axpy(W[b * rank + r], V, b * frames, num, r * frames, frames);
        Arrays.fill(gram, 0f);
        for (int b = 0; b < bins; b++) {
          for (int r = 0; r < rank; r++) for (int s = 0; s < rank; s++) gram[r * rank + s] += W[b * rank + r] * W[b * rank + s];
        }
        Arrays.fill(den, 0, rank * frames, 0f);
        for (int r = 0; r < rank; r++) for (int s = 0; s < rank; s++) axpy(gram[r * rank + s], H, s * frames, den, r * frames, frames);
        update(H, num, den, rank * frames, eps);
        for (int b = 0; b < bins; b++) for (int r = 0; r < rank; r++) num[b * rank + r] = dot(V, b * frames, H, r * frames, frames);
        for (int r = 0; r < rank; r++) for (int s = 0; s < rank; s++) gram[r * rank + s] = dot(H, r * frames, H, s * frames, frames);
        for (int b = 0; b < bins; b++) {
          for (int r = 0; r < rank; r++) {
            float d = 0;
            for (int s = 0; s < rank; s++) d += W[b * rank + s] * gram[s * rank + r];
            den[b * rank + r] = d;
          }
        }
        update(W, num, den, bins * rank, eps);
      } else {
        ratio(V, W, H, bins, frames, rank, q, eps);
        Arrays.fill(num, 0, rank * frames, 0f);
        Arrays.fill(sums, 0f);
        for (int b = 0; b < bins; b++) {
          for (int r = 0; r < rank; r++) {
            sums[r] += W[b * rank + r];
            axpy(W[b * rank + r], q, b * frames, num, r * frames, frames);
          }
        }
        for (int r = 0; r < rank; r++) {
          float d = Math.max(sums[r], eps);
          for (int t = 0; t < frames; t++) H[r * frames + t] *= num[r * frames + t] / d;
        }
        ratio(V, W, H, bins, frames, rank, q, eps);
        for (int r = 0; r < rank; r++) sums[r] = Math.max(sum(H, r * frames, frames), eps);
        for (int b = 0; b < bins; b++) {
          for (int r = 0; r < rank; r++) W[b * rank + r] *= dot(q, b * frames, H, r * frames, frames) / sums[r];
        }
      }
    }
  }

  private static void update(float[] f, float[] num, float[] den, int n, float eps) {
    int i = 0, up = S.loopBound(n);
    for (; i < up; i += L) {
      FloatVector d = FloatVector.fromArray(S, den, i).max(eps);
      FloatVector.fromArray(S, f, i).mul(FloatVector.fromArray(S, num, i).div(d)).intoArray(f, i);
    }
    for (; i < n; i++) f[i] *= num[i] / Math.max(den[i], eps);
  }

  private static void ratio(float[] v, float[] W, float[] H, int bins, int frames, int rank, float[] q, float eps) {
    for (int b = 0; b < bins; b++) {
      int o = b * frames;
      Arrays.fill(q, o, o + frames, 0f);
      for (int r = 0; r < rank; r++) axpy(W[b * rank + r], H, r * frames, q, o, frames);
      int t = 0, up = S.loopBound(frames);
      for (; t < up; t += L) {
        FloatVector.fromArray(S, v, o + t).div(FloatVector.fromArray(S, q, o + t).max(eps)).intoArray(q, o + t);
      }
      for (; t < frames; t++) q[o + t] = v[o + t] / Math.max(q[o + t], eps);
    }
  }

  /** {@code y[yo ..] += a * x[xo ..]}, n values. */
  private static void axpy(float a, float[] x, int xo, float[] y, int yo, int n) {
    FloatVector av = FloatVector.broadcast(S, a);
    int i = 0, up = S.loopBound(n);
    for (; i < up; i += L) {
      FloatVector.fromArray(S, x, xo + i).fma(av, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
    }
    for (; i < n; i++) y[yo + i] = Math.fma(a, x[xo + i], y[yo + i]);
  }

  private static float dot(float[] a, int ao, float[] b, int bo, int n) {
    FloatVector acc = FloatVector.zero(S);
    int i = 0, up = S.loopBound(n);
    for (; i < up; i += L) acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
    float s = lanes(acc);
    for (; i < n; i++) s = Math.fma(a[ao + i], b[bo + i], s);
    return s;
  }

  private static float sum(float[] a, int ao, int n) {
    FloatVector acc = FloatVector.zero(S);
    int i = 0, up = S.loopBound(n);
    for (; i < up; i += L) acc = acc.add(FloatVector.fromArray(S, a, ao + i));
    float s = lanes(acc);
    for (; i < n; i++) s += a[ao + i];
    return s;
  }

  // ------------------------------------------------------------------------------------------
  // stereo similarity

  @Override
  public void stereoSimilarity(Spectrogram left, Spectrogram right, FeatureMatrix out) {
    Shapes.checkStereo(left, right, out);
    float[] lr = left.re(), li = left.im(), rr = right.re(), ri = right.im(), y = out.data();
    int n = y.length, i = 0, up = S.loopBound(n);
    FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f);
    for (; i < up; i += L) {
      FloatVector a = FloatVector.fromArray(S, lr, i), b = FloatVector.fromArray(S, li, i);
      FloatVector c = FloatVector.fromArray(S, rr, i), d = FloatVector.fromArray(S, ri, i);
      FloatVector pl = a.fma(a, b.mul(b)), pr = c.fma(c, d.mul(d));
      FloatVector den = pl.add(pr);
      VectorMask<Float> bad = den.compare(VectorOperators.LT, Float.MIN_NORMAL);
      FloatVector psi = pl.sqrt().mul(pr.sqrt()).mul(2f).div(den.blend(one, bad));
      psi.blend(zero, bad).intoArray(y, i);
    }
    for (; i < n; i++) {
      double pl = (double) lr[i] * lr[i] + (double) li[i] * li[i];
      double pr = (double) rr[i] * rr[i] + (double) ri[i] * ri[i];
      double den = pl + pr;
      y[i] = den < Float.MIN_NORMAL ? 0f : (float) (2.0 * Math.sqrt(pl) * Math.sqrt(pr) / den);
    }
  }
}
