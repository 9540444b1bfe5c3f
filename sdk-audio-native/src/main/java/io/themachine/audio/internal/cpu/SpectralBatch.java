package io.themachine.audio.internal.cpu;

import io.themachine.audio.Backend;

/**
 * librosa's spectral frame features for a batch of frames, in the batch FFT's layout (lane = frame:
 * value {@code k * lanes + j} is bin {@code k} of frame {@code j}): centroid, bandwidth (p = 2),
 * rolloff, flatness, chroma (max-normalised) and spectral contrast's peak and valley means, from
 * the power spectrum. Each lane goes through the same IEEE operations in the same order in both
 * kernels: the scalar one ({@link #scalar}, the reference and the path without
 * {@code jdk.incubator.vector}) walks the lanes one by one, the vector one ({@link #best}) takes
 * all lanes per instruction. So the two agree bit for bit, and a frame gets the same bits whatever
 * lane or batch it lands in (a streamed frame and the whole-signal frame are equal).
 *
 * <p>Per lane: {@code mag = sqrt(p)}; sums run over the bins in ascending order; {@code wsum =
 * fma(freq, mag, wsum)}; the log-sum of {@code max(amin, p)} is a running product of mantissas plus
 * the summed binary exponents, renormalised every 16 bins; rolloff takes the first bin whose
 * running sum reaches {@code roll_percent * sum}; bandwidth adds {@code (mag * d) * d}; chroma
 * accumulates {@code fma(p, w, acc)}; contrast keeps the {@code q} largest (smallest) magnitudes of
 * each band through a compare-exchange network and adds them in descending (ascending) order.
 *
 * <p>Output rows ({@link #out}, {@code lanes} wide each): centroid, bandwidth, rolloff, flatness,
 * {@code nChroma} chroma rows, {@code nBands} peak means, {@code nBands} valley means.
 */
public abstract class SpectralBatch {
  static final double LN2 = Math.log(2.0);
  static final long MANT = 0x000fffffffffffffL;
  static final long ONE = 0x3ff0000000000000L;

  public final int lanes;
  public final int bins;
  public final int nChroma;
  public final int nBands;
  final double[] freq;
  final double[] chroma; // chroma-major, chromaRows x bins, rows beyond nChroma zero
  final int chromaRows; // nChroma rounded up to 6
  final int[] lo;
  final int[] hi;
  final int[] q;
  final int maxQ;
  final double amin;
  final double rollPercent;
  /** Magnitudes of the last batch, bins x lanes. */
  final double[] mag;
  /** Per-lane sums: [0] sum mag, [1] sum freq*mag, [2] sum max(amin, p), [3] mantissa product, [4] exponent sum (as double). */
  final double[] sums;
  /** The results, rows x lanes. */
  public final double[] out;

  SpectralBatch(int lanes, double[] freq, double[] chromaWeights, int nChroma, int[] lo, int[] hi, int[] q,
      double amin, double rollPercent) {
    if (lanes < 1) throw new IllegalArgumentException("lanes must be positive: " + lanes);
    this.lanes = lanes;
    this.bins = freq.length;
    this.freq = freq.clone();
    this.nChroma = nChroma;
    this.chromaRows = Math.ceilDiv(nChroma, 6) * 6;
    this.chroma = new double[chromaRows * bins];
    System.arraycopy(chromaWeights, 0, chroma, 0, nChroma * bins);
    this.nBands = lo.length;
    this.lo = lo.clone();
    this.hi = hi.clone();
    this.q = q.clone();
    int m = 1;
    for (int b = 0; b < nBands; b++) {
      if (lo[b] < 0 || hi[b] >= bins || q[b] < 1 || q[b] > hi[b] - lo[b] + 1) {
        throw new IllegalArgumentException("contrast band " + b + ": bins " + lo[b] + ".." + hi[b] + ", q " + q[b]);
      }
      m = Math.max(m, q[b]);
    }
    this.maxQ = m;
    this.amin = amin;
    this.rollPercent = rollPercent;
    this.mag = new double[bins * lanes];
    this.sums = new double[5 * lanes];
    this.out = new double[rows() * lanes];
  }

  public final int rows() {
    return 4 + nChroma + 2 * nBands;
  }

  /** Row of chroma {@code c} in {@link #out}. */
  public final int chromaRow(int c) {
    return 4 + c;
  }

  /** Row of band {@code b}'s peak mean; its valley mean is {@code nBands} rows further. */
  public final int peakRow(int b) {
    return 4 + nChroma + b;
  }

  /** All features of the {@code lanes} frames in {@code power} ({@code bins * lanes}) into {@link #out}. */
  public final void run(double[] power) {
    if (power.length < bins * lanes) throw new IllegalArgumentException("power holds " + power.length + " values, needs " + bins * lanes);
    magnitudes(power);
    finishSums();
    shape();
    chromaSums(power);
    finishChroma();
    contrast();
  }

  /** Pass 1: mag, the four sums (into {@link #sums}). */
  abstract void magnitudes(double[] power);

  /** Pass 2: bandwidth and rolloff from mag and the centroid row of {@link #out}. */
  abstract void shape();

  /** Chroma sums into the chroma rows of {@link #out}. */
  abstract void chromaSums(double[] power);

  /** Peak and valley means into their rows. */
  abstract void contrast();

  /** Centroid, flatness and the rolloff threshold (kept in the rolloff row until {@link #shape}). */
  private void finishSums() {
    int L = lanes;
    for (int j = 0; j < L; j++) {
      double sum = sums[j], norm = sum < Double.MIN_NORMAL ? 1.0 : sum;
      out[j] = sums[L + j] / norm;
      double logSum = Math.log(sums[3 * L + j]) + sums[4 * L + j] * LN2;
      out[3 * L + j] = Math.exp(logSum / bins) / (sums[2 * L + j] / bins);
      out[2 * L + j] = rollPercent * sum; // threshold; shape() replaces it with the rolloff frequency
      out[L + j] = norm; // shape() replaces it with the bandwidth
    }
  }

  private void finishChroma() {
    int L = lanes;
    for (int j = 0; j < L; j++) {
      double cmax = 0;
      for (int c = 0; c < nChroma; c++) cmax = Math.max(cmax, Math.abs(out[(4 + c) * L + j]));
      double cdiv = cmax < Double.MIN_NORMAL ? 1.0 : cmax;
      for (int c = 0; c < nChroma; c++) out[(4 + c) * L + j] /= cdiv;
    }
  }

  /** The vector kernel when {@code lanes} is the preferred double species' length and the Vector API is resolved, else the scalar one. */
  public static SpectralBatch best(int lanes, double[] freq, double[] chromaWeights, int nChroma, int[] lo, int[] hi, int[] q,
      double amin, double rollPercent) {
    if (lanes == vectorLanes()) {
      try {
        return (SpectralBatch) Class.forName("io.themachine.audio.internal.cpu.VectorSpectralBatch")
            .getDeclaredConstructor(int.class, double[].class, double[].class, int.class, int[].class, int[].class, int[].class,
                double.class, double.class)
            .newInstance(lanes, freq, chromaWeights, nChroma, lo, hi, q, amin, rollPercent);
      } catch (ReflectiveOperationException | LinkageError e) {
        // fall through to the scalar kernel
      }
    }
    return scalar(lanes, freq, chromaWeights, nChroma, lo, hi, q, amin, rollPercent);
  }

  /** The scalar reference kernel. */
  public static SpectralBatch scalar(int lanes, double[] freq, double[] chromaWeights, int nChroma, int[] lo, int[] hi, int[] q,
      double amin, double rollPercent) {
    return new Scalar(lanes, freq, chromaWeights, nChroma, lo, hi, q, amin, rollPercent);
  }

  /** The lane count the vector kernel would take (0 without the Vector API). */
  public static int vectorLanes() {
    if (!Backend.VECTOR.availability().available()) return 0;
    try {
      return (int) Class.forName("io.themachine.audio.internal.cpu.VectorSpectralBatch").getDeclaredMethod("lanes").invoke(null);
    } catch (ReflectiveOperationException | LinkageError e) {
      return 0;
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[lanes " + lanes + ", bins " + bins + ", chroma " + nChroma + ", bands " + nBands + "]";
  }

  static final class Scalar extends SpectralBatch {
    private final double[] list;

    Scalar(int lanes, double[] freq, double[] chromaWeights, int nChroma, int[] lo, int[] hi, int[] q, double amin,
        double rollPercent) {
      super(lanes, freq, chromaWeights, nChroma, lo, hi, q, amin, rollPercent);
      list = new double[maxQ];
    }

    @Override
    void magnitudes(double[] power) {
      int L = lanes;
      for (int j = 0; j < L; j++) {
        double sum = 0, wsum = 0, amean = 0, mant = 1.0;
        long exp = 0;
        for (int k = 0; k < bins; k++) {
          double p = power[k * L + j];
          double m = Math.sqrt(p);
          mag[k * L + j] = m;
          sum = sum + m;
          wsum = Math.fma(freq[k], m, wsum);
          double v = Math.max(p, amin);
          amean = amean + v;
          long bits = Double.doubleToRawLongBits(v);
          exp += ((bits >>> 52) & 0x7ff) - 1023;
          mant = mant * Double.longBitsToDouble((bits & MANT) | ONE);
          if ((k & 15) == 15) {
            long mb = Double.doubleToRawLongBits(mant);
            exp += ((mb >>> 52) & 0x7ff) - 1023;
            mant = Double.longBitsToDouble((mb & MANT) | ONE);
          }
        }
        sums[j] = sum;
        sums[L + j] = wsum;
        sums[2 * L + j] = amean;
        sums[3 * L + j] = mant;
        sums[4 * L + j] = exp;
      }
    }

    @Override
    void shape() {
      int L = lanes;
      for (int j = 0; j < L; j++) {
        double centroid = out[j], norm = out[L + j], threshold = out[2 * L + j];
        double spread = 0, cum = 0, rolloff = freq[bins - 1];
        boolean found = false;
        for (int k = 0; k < bins; k++) {
          double m = mag[k * L + j];
          double d = freq[k] - centroid;
          spread = spread + m * d * d;
          cum = cum + m;
          if (!found && cum >= threshold) {
            rolloff = freq[k];
            found = true;
          }
        }
        out[L + j] = Math.sqrt(spread / norm);
        out[2 * L + j] = rolloff;
      }
    }

    @Override
    void chromaSums(double[] power) {
      int L = lanes;
      for (int j = 0; j < L; j++) {
        for (int c = 0; c < nChroma; c++) {
          double acc = 0;
          int o = c * bins;
          for (int k = 0; k < bins; k++) acc = Math.fma(power[k * L + j], chroma[o + k], acc);
          out[(4 + c) * L + j] = acc;
        }
      }
    }

    @Override
    void contrast() {
      int L = lanes;
      for (int j = 0; j < L; j++) {
        for (int b = 0; b < nBands; b++) {
          int n = q[b];
          // largest: a descending list, -inf where empty; each value bubbles down the network
          java.util.Arrays.fill(list, 0, n, Double.NEGATIVE_INFINITY);
          for (int k = lo[b]; k <= hi[b]; k++) {
            double x = mag[k * L + j];
            for (int i = 0; i < n; i++) {
              double t = list[i];
              list[i] = Math.max(t, x);
              x = Math.min(t, x);
            }
          }
          double s = 0;
          for (int i = 0; i < n; i++) s = s + list[i];
          out[(4 + nChroma + b) * L + j] = s / n;
          java.util.Arrays.fill(list, 0, n, Double.POSITIVE_INFINITY);
          for (int k = lo[b]; k <= hi[b]; k++) {
            double x = mag[k * L + j];
            for (int i = 0; i < n; i++) {
              double t = list[i];
              list[i] = Math.min(t, x);
              x = Math.max(t, x);
            }
          }
          s = 0;
          for (int i = 0; i < n; i++) s = s + list[i];
          out[(4 + nChroma + nBands + b) * L + j] = s / n;
        }
      }
    }
  }
}
