package io.themachine.audio.internal.cuda;

/**
 * The CUDA loudness kernel's arithmetic, in Java, one chunk at a time: what each GPU thread does
 * (see {@code loudness.cu}, kernel {@code loudness_chunks}). The default test suite compares it
 * with the serial K-weighting filter to prove that the chunked parallelisation is exact to double
 * precision, without a GPU. The recurrence is the transposed direct form II cascade of the CPU
 * kernels (shelf, then the RLB high-pass with numerator {@code 1, -2, 1}), the same operations in
 * the same order as {@code loudness.cu}.
 */
public final class ChunkedKWeighting {
  private ChunkedKWeighting() {}

  /**
   * Per-sub-block sums of squared K-weighted samples of one channel, chunk by chunk as the kernel
   * computes them; {@code out} has {@link ChunkPlan#subBlocksWithTail(long)} entries (the last may
   * cover a partial sub-block). Non-finite samples count as 0, as in the CPU meter.
   */
  public static void subBlockEnergies(float[] x, int n, double[] coef, ChunkPlan plan, double[] out) {
    long chunks = plan.chunks(n);
    for (long j = 0; j < chunks; j++) chunk(x, n, coef, plan, (int) j, out);
  }

  /** One chunk: filter from zero state at {@code max(0, start - warmUp)}, keep sums from {@code start}. */
  static void chunk(float[] x, int n, double[] coef, ChunkPlan plan, int j, double[] out) {
    chunkWithWarmUp(x, n, coef, plan, j, plan.warmUp(), out);
  }

  private static double finite(float v) {
    return Float.isFinite(v) ? v : 0.0;
  }

  /** BS.1770-4 Annex 2, Table 1, as in {@code loudness.cu}'s {@code TP_H}. */
  static final double[][] TP_H = {
    {0.0017089843750, 0.0109863281250, -0.0196533203125, 0.0332031250000, -0.0594482421875, 0.1373291015625,
     0.9721679687500, -0.1022949218750, 0.0476074218750, -0.0266113281250, 0.0148925781250, -0.0083007812500},
    {-0.0291748046875, 0.0292968750000, -0.0517578125000, 0.0891113281250, -0.1665039062500, 0.4650878906250,
     0.7797851562500, -0.2003173828125, 0.1015625000000, -0.0582275390625, 0.0330810546875, -0.0189208984375},
    {-0.0189208984375, 0.0330810546875, -0.0582275390625, 0.1015625000000, -0.2003173828125, 0.7797851562500,
     0.4650878906250, -0.1665039062500, 0.0891113281250, -0.0517578125000, 0.0292968750000, -0.0291748046875},
    {-0.0083007812500, 0.0148925781250, -0.0266113281250, 0.0476074218750, -0.1022949218750, 0.9721679687500,
     0.1373291015625, -0.0594482421875, 0.0332031250000, -0.0196533203125, 0.0109863281250, 0.0017089843750}};

  /**
   * The kernel's true peak of chunk {@code j}: outputs at the chunk's positions from the 11 raw
   * samples before it (zeros before frame 0), plus, for the last chunk, the 11 tail outputs after
   * the end. The maximum over chunks is the whole-signal full-convolution true peak.
   */
  static double chunkTruePeak(float[] x, int n, ChunkPlan plan, int j) {
    int start = j * plan.chunkFrames();
    int end = Math.min(n, start + plan.chunkFrames());
    double m = 0;
    int last = end == n ? n + 11 : end;
    for (int i = start; i < last; i++) {
      double y0 = 0, y1 = 0, y2 = 0, y3 = 0;
      for (int k = 0; k < 12; k++) {
        int at = i - k;
        double v = at >= 0 && at < n ? finite(x[at]) : 0.0;
        y0 += TP_H[0][k] * v;
        y1 += TP_H[1][k] * v;
        y2 += TP_H[2][k] * v;
        y3 += TP_H[3][k] * v;
      }
      m = Math.max(m, Math.max(Math.max(Math.abs(y0), Math.abs(y1)), Math.max(Math.abs(y2), Math.abs(y3))));
    }
    return m;
  }

  /** Max over the chunks' true peaks, as the host reduces them. */
  public static double truePeak(float[] x, int n, ChunkPlan plan) {
    double m = 0;
    for (long j = 0; j < plan.chunks(n); j++) m = Math.max(m, chunkTruePeak(x, n, plan, (int) j));
    return m;
  }

  /** The scheme with any warm-up (tests: a short one must fail the exactness check). */
  static void subBlockEnergies(float[] x, int n, double[] coef, int sub, int subsPerChunk, int warmUp, double[] out) {
    int chunk = sub * subsPerChunk;
    for (int start = 0, j = 0; start < n; start += chunk, j++) {
      ChunkPlan p = new ChunkPlan(sub, subsPerChunk, ChunkPlan.MIN_WARM_UP);
      chunkWithWarmUp(x, n, coef, p, j, warmUp, out);
    }
  }

  private static void chunkWithWarmUp(float[] x, int n, double[] coef, ChunkPlan plan, int j, int warmUp, double[] out) {
    final double b0 = coef[0], b1 = coef[1], b2 = coef[2], a1 = coef[3], a2 = coef[4], c1 = coef[5], c2 = coef[6];
    int start = j * plan.chunkFrames();
    int end = Math.min(n, start + plan.chunkFrames());
    int from = Math.max(0, start - warmUp);
    double s1 = 0, s2 = 0, t1 = 0, t2 = 0;
    int sub = plan.sub();
    int block = start / sub;
    double acc = 0;
    int inBlock = 0;
    for (int i = from; i < end; i++) {
      double xv = finite(x[i]);
      double y1 = b0 * xv + s1;
      s1 = b1 * xv - a1 * y1 + s2;
      s2 = b2 * xv - a2 * y1;
      double y = y1 + t1;
      t1 = -2.0 * y1 - c1 * y + t2;
      t2 = y1 - c2 * y;
      if (i < start) continue;
      acc += y * y;
      if (++inBlock == sub) {
        out[block++] = acc;
        acc = 0;
        inBlock = 0;
      }
    }
    if (inBlock > 0) out[block] = acc;
  }
}
