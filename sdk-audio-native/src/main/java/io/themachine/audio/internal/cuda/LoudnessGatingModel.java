package io.themachine.audio.internal.cuda;

/**
 * The CPU model of the CUDA loudness measurement after the fused pass: {@code loudness_gating} and
 * {@code loudness_maxima} of {@code loudness.cu}, statement for statement, one recording at a time
 * (the kernels' thread partitions change only the order of some sums, a rounding-level matter), fed
 * by {@link ChunkedKWeighting}, the model of {@code loudness_chunks}. The default suite holds it to
 * {@code ScalarLoudness} on every field ({@code CudaLoudnessModelTest}); the GPU suite holds the
 * device to it.
 *
 * <p>Gating and LRA use B's {@code GatingHistogram} bookkeeping (ITU-R BS.1770-4 Annex 1 gates
 * -70 LUFS and -10 LU, EBU Tech 3342 gates -70 / -20 LU and the 10th / 95th nearest-rank
 * percentiles, 0.01 LU bins holding counts and exact sums), so the CUDA path reads what the CPU
 * meters read, bins included.
 *
 * <p>Maxima over every window position (hop of one sample), as {@code MeterEngine} reports them:
 * the window of {@code K} sub-blocks starting at frame {@code q sub + rho} has the energy
 * {@code C_q + D_q(rho)}, {@code C_q} the sum of sub-blocks {@code q .. q + K - 1} and
 * {@code D_q(rho)} the running sum of {@code e[(q + K) sub + i] - e[q sub + i]} for {@code i < rho}
 * ({@code e}: channel-weighted squared K-weighted samples). It lies inside sub-blocks
 * {@code q .. q + K}, so it cannot exceed their sum; only runs of window starts where that bound
 * beats the best aligned window ({@code rho = 0}) are re-filtered, at both window ends, from a
 * warm-up as in {@code loudness_chunks}. Exact; the cost depends on the signal (see {@link Cost}).
 */
public final class LoudnessGatingModel {
  private LoudnessGatingModel() {}

  static final int BINS = 10_000;
  static final int MAX_TILE = 32;

  /** Work done by the model, in filter steps (one channel, one sample, one cascade). */
  public static final class Cost {
    /** {@code loudness_chunks}: each chunk's warm-up and own samples. */
    public long chunkSteps;
    /** {@code loudness_maxima}: both streams' warm-ups and own samples of the flagged runs. */
    public long maximaSteps;
    /** Runs of window starts, both kinds. */
    public long runs;
    /** Runs flagged by the gating step (re-filtered). */
    public long flaggedRuns;

    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "Cost[chunk steps %d, maxima steps %d (%.3f x), runs %d flagged of %d]", chunkSteps,
          maximaSteps, chunkSteps == 0 ? 0.0 : maximaSteps / (double) chunkSteps, flaggedRuns, runs);
    }
  }

  /** Runs of {@code runSubs} window starts for windows of {@code k} sub-blocks: 0 when no window fits. */
  public static long maximaRuns(long frames, int sub, int k, int runSubs) {
    long complete = frames / sub;
    return complete < k ? 0 : (complete - k + 1 + runSubs - 1) / runSubs;
  }

  static double lufs(double e) {
    return -0.691 + 10.0 * Math.log10(e);
  }

  static int bin(double lufs) {
    double b = Math.floor((lufs - (-70.0)) / 0.01);
    return (int) Math.max(0.0, Math.min(BINS - 1, b));
  }

  /** One histogram of the kernel (counts and sums) with its absolute-gated sum and count. */
  private static final class Hist {
    final int[] cnt = new int[BINS];
    final double[] sum = new double[BINS];
    double gs;
    long gn;

    void add(double e) {
      double l = lufs(e);
      if (!(l >= -70.0)) return;
      int b = (int) ((l - (-70.0)) / 0.01);
      if (b >= BINS) b = BINS - 1;
      cnt[b]++;
      sum[b] += e;
      gs += e;
      gn++;
    }

    double meanAtRank(int first, long rank) {
      long seen = 0;
      for (int b = first; b < BINS; b++) {
        seen += cnt[b];
        if (seen > rank) return sum[b] / cnt[b];
      }
      throw new IllegalStateException("rank beyond histogram");
    }
  }

  /** The whole CUDA measurement of one recording on the CPU. {@code cost} may be null. */
  public static CudaLoudness.Summary measure(CudaLoudness.Input in, boolean peaks, boolean maxima, boolean lraEvery100ms,
      int subsPerChunk, Cost cost) {
    return measure(in, peaks, maxima, lraEvery100ms, subsPerChunk, CudaLoudness.MAXIMA_RUN_SUBS, cost);
  }

  /** The same with {@code runSubs} window starts per {@code loudness_maxima} thread. */
  public static CudaLoudness.Summary measure(CudaLoudness.Input in, boolean peaks, boolean maxima, boolean lraEvery100ms,
      int subsPerChunk, int runSubs, Cost cost) {
    int fs = in.sampleRate();
    double[] k = KCoefficients.forRate(fs);
    ChunkPlan plan = ChunkPlan.of(fs, k, subsPerChunk);
    int n = (int) in.frames();
    int ch = in.channels().length;
    double[][] energies = new double[ch][(int) plan.subBlocksWithTail(n)];
    long chunks = plan.chunks(n);
    double[] chunkSp = new double[(int) chunks * ch], chunkTp = new double[(int) chunks * ch];
    int[] chunkBad = new int[(int) chunks * ch];
    int g = 0;
    for (int c = 0; c < ch; c++) {
      float[] x = in.channels()[c];
      ChunkedKWeighting.subBlockEnergies(x, n, k, plan, energies[c]);
      for (int j = 0; j < chunks; j++, g++) {
        int start = j * plan.chunkFrames(), end = Math.min(n, start + plan.chunkFrames());
        if (cost != null) cost.chunkSteps += end - Math.max(0, start - plan.warmUp());
        double sp = 0;
        int bad = 0;
        for (int i = start; i < end; i++) {
          if (Float.isFinite(x[i])) sp = Math.max(sp, Math.abs(x[i]));
          else bad++;
        }
        chunkSp[g] = sp;
        chunkTp[g] = peaks ? ChunkedKWeighting.chunkTruePeak(x, n, plan, j) : 0.0;
        chunkBad[g] = bad;
      }
    }
    Gated gated = gating(energies, in.weights(), n, plan.sub(), chunkSp, chunkTp, chunkBad, lraEvery100ms, peaks, maxima,
        runSubs);
    double mm = Double.NaN, ms = Double.NaN;
    if (maxima) {
      double[] best = gated.maxSums.clone();
      for (int kind = 0; kind < 2; kind++) {
        boolean[] f = gated.flags[kind];
        if (cost != null) cost.runs += f.length;
        for (int j = 0; j < f.length; j++) {
          if (!f[j]) continue;
          if (cost != null) cost.flaggedRuns++;
          best[kind] = Math.max(best[kind], maximaRun(in, k, plan.warmUp(), plan.sub(), kind, j, runSubs,
              gated.w, cost));
        }
      }
      if (n >= 4L * plan.sub()) mm = best[0];
      if (n >= 30L * plan.sub()) ms = best[1];
    }
    return new CudaLoudness.Summary(fs, n, plan.sub(), gated.gatedMean, gated.total, gated.lra, peaks ? gated.sp : Double.NaN,
        peaks ? gated.tp : Double.NaN, gated.bad, mm, ms);
  }

  /** What {@code loudness_gating} leaves for one recording. */
  record Gated(double[] w, double gatedMean, double total, double lra, double sp, double tp, long bad, double[] maxSums,
      boolean[][] flags) {}

  /** {@code loudness_gating} for one recording: per-channel sub-block energies (with the tail) and per-chunk peaks. */
  static Gated gating(double[][] energies, double[] weights, long frames, int sub, double[] chunkSp, double[] chunkTp,
      int[] chunkBad, boolean lraEvery100, boolean wantPeaks, boolean wantMaxima, int runSubs) {
    long complete = frames / sub;
    int withTail = (int) ((frames + sub - 1) / sub);
    double[] w = new double[withTail];
    double total = 0.0;
    for (int i = 0; i < withTail; i++) {
      double v = 0.0;
      for (int c = 0; c < energies.length; c++) v += weights[c] * energies[c][i];
      w[i] = v;
      total += v;
    }
    double n400 = 4.0 * sub, n3 = 30.0 * sub;
    Hist hb = new Hist(), hs = new Hist();
    for (long i = 0; i < complete; i++) {
      long count = i + 1;
      if (count >= 4) {
        double s = 0.0;
        for (int j = 1; j <= 4; j++) s += w[(int) (count - j)];
        hb.add(s / n400);
      }
      if (count >= 30 && (lraEvery100 || (count - 30) % 10 == 0)) {
        double s = 0.0;
        for (int j = 1; j <= 30; j++) s += w[(int) (count - j)];
        hs.add(s / n3);
      }
    }
    double gated = Double.NaN;
    if (hb.gn > 0) {
      double gateE = (hb.gs / (double) hb.gn) * Math.pow(10.0, -10.0 / 10.0);
      int gb = bin(lufs(gateE));
      double s = 0.0;
      long n = 0;
      for (int b = gb + 1; b < BINS; b++) {
        n += hb.cnt[b];
        s += hb.sum[b];
      }
      if (hb.cnt[gb] > 0 && hb.sum[gb] / hb.cnt[gb] > gateE) {
        n += hb.cnt[gb];
        s += hb.sum[gb];
      }
      if (n > 0) gated = s / n;
    }
    double lra = Double.NaN;
    if (hs.gn > 0) {
      double gateE = (hs.gs / (double) hs.gn) * 0.01;
      int gb = bin(lufs(gateE));
      int first = (hs.cnt[gb] > 0 && hs.sum[gb] / hs.cnt[gb] >= gateE) ? gb : gb + 1;
      long n = 0;
      for (int b = first; b < BINS; b++) n += hs.cnt[b];
      if (n > 0) {
        long lo = (long) ((n - 1) * 0.10 + 0.5);
        long hi = (long) ((n - 1) * 0.95 + 0.5);
        lra = lufs(hs.meanAtRank(first, hi)) - lufs(hs.meanAtRank(first, lo));
      }
    }
    double sp = 0.0, tp = 0.0;
    long bad = 0;
    for (int g = 0; g < chunkBad.length; g++) {
      if (wantPeaks) {
        sp = Math.max(sp, chunkSp[g]);
        tp = Math.max(tp, chunkTp[g]);
      }
      bad += chunkBad[g];
    }
    double[] maxSums = new double[2];
    boolean[][] flags = new boolean[2][];
    for (int kind = 0; kind < 2; kind++) {
      int kk = kind == 0 ? 4 : 30;
      flags[kind] = new boolean[(int) maximaRuns(frames, sub, kk, runSubs)];
      if (!wantMaxima) continue;
      double best = 0.0;
      for (long q = 0; q <= complete - kk; q++) {
        double c = 0.0;
        for (int j = 0; j < kk; j++) c += w[(int) (q + j)];
        best = Math.max(best, c);
      }
      for (long q = 0; q <= complete - kk; q++) {
        if ((q + kk) * sub + 1 > frames) continue;
        double c = 0.0;
        for (int j = 0; j <= kk; j++) c += w[(int) (q + j)];
        if (c > best) flags[kind][(int) (q / runSubs)] = true;
      }
      maxSums[kind] = best;
    }
    return new Gated(w, gated, total, lra, sp, tp, bad, maxSums, flags);
  }

  /** {@code loudness_maxima} for run {@code run} of kind {@code kind}: the best window sum it sees. */
  static double maximaRun(CudaLoudness.Input in, double[] cf, int warm, int sub, int kind, int run, int runSubs, double[] w,
      Cost cost) {
    final double b0 = cf[0], b1 = cf[1], b2 = cf[2], a1 = cf[3], a2 = cf[4], c1 = cf[5], c2 = cf[6];
    int kk = kind == 0 ? 4 : 30;
    int ch = in.channels().length;
    long frames = in.frames();
    long complete = frames / sub;
    long qFirst = (long) run * runSubs;
    long qLast = Math.min(qFirst + runSubs - 1, complete - kk);
    long startA = qFirst * sub, startB = (qFirst + kk) * sub;
    long steps = (qLast - qFirst + 1) * sub;
    long fromA = Math.max(0, startA - warm), fromB = Math.max(0, startB - warm);
    double[][] st = new double[ch][8];
    double[] y = new double[1];
    for (int c = 0; c < ch; c++) {
      float[] x = in.channels()[c];
      double[] s = st[c];
      for (long i = fromA; i < startA; i++) kstep(sample(x, i), s, 0, y, b0, b1, b2, a1, a2, c1, c2);
      for (long i = fromB; i < startB; i++) kstep(sample(x, i), s, 4, y, b0, b1, b2, a1, a2, c1, c2);
      if (cost != null) cost.maximaSteps += (startA - fromA) + (startB - fromB);
    }
    double best = 0.0, cSum = 0.0, dSum = 0.0;
    long q = qFirst, rho = 0;
    boolean done = false;
    double[] d = new double[MAX_TILE];
    for (long j0 = 0; j0 < steps && !done; j0 += MAX_TILE) {
      int m = (int) Math.min(MAX_TILE, steps - j0);
      java.util.Arrays.fill(d, 0.0);
      for (int c = 0; c < ch; c++) {
        float[] x = in.channels()[c];
        double wc = in.weights()[c];
        double[] s = st[c];
        for (int i = 0; i < m; i++) {
          long pb = startB + j0 + i;
          kstep(sample(x, startA + j0 + i), s, 0, y, b0, b1, b2, a1, a2, c1, c2);
          double ya = y[0];
          kstep(pb < frames ? sample(x, pb) : 0.0, s, 4, y, b0, b1, b2, a1, a2, c1, c2);
          double yb = y[0];
          d[i] += wc * (yb * yb - ya * ya);
        }
        if (cost != null) cost.maximaSteps += 2L * m;
      }
      for (int i = 0; i < m && !done; i++) {
        if (rho == 0) {
          cSum = 0.0;
          for (int kx = 0; kx < kk; kx++) cSum += w[(int) (q + kx)];
          dSum = 0.0;
        }
        if ((q + kk) * sub + rho > frames) {
          done = true;
        } else {
          best = Math.max(best, cSum + dSum);
          dSum += d[i];
          if (++rho == sub) {
            rho = 0;
            q++;
          }
        }
      }
    }
    return Math.max(0.0, best);
  }

  private static double sample(float[] x, long i) {
    float v = x[(int) i];
    return Float.isFinite(v) ? v : 0.0;
  }

  /** The K-weighting cascade step of {@code loudness.cu} ({@code kstep}); state {@code s[o .. o + 3]}. */
  private static void kstep(double xv, double[] s, int o, double[] y, double b0, double b1, double b2, double a1, double a2,
      double c1, double c2) {
    double y1 = b0 * xv + s[o];
    s[o] = b1 * xv - a1 * y1 + s[o + 1];
    s[o + 1] = b2 * xv - a2 * y1;
    double yy = y1 + s[o + 2];
    s[o + 2] = -2.0 * y1 - c1 * yy + s[o + 3];
    s[o + 3] = y1 - c2 * yy;
    y[0] = yy;
  }
}
