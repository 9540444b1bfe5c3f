package io.themachine.audio.internal.cpu;

/**
 * A bounded store for gating-block (or short-term) energies: 0.01 LU bins from -70 LUFS to
 * +30 LUFS, each holding the count <em>and the exact sum</em> of the energies that fell in it.
 * Memory is fixed (10,000 bins, 120 KB) whatever the length, so a 3-hour file costs what a
 * 3-minute one does.
 *
 * <p>Exactness: a gated mean (integrated loudness) sums exact energies, so it is exact except for
 * the blocks that share a bin with the relative gate (within 0.01 LU of it), which are included or
 * excluded together by the bin's mean. A percentile (LRA) is the mean energy of the bin holding
 * the wanted rank: exact when the bin's values are equal (steady tones) and within 0.01 LU of the
 * sorted-array value otherwise. Energies below the absolute gate are counted and dropped; energies
 * above +30 LUFS go into the top bin (their sums stay exact).
 */
final class GatingHistogram {
  static final double LOW_LUFS = -70.0;
  static final double BIN_LU = 0.01;
  static final int BINS = 10_000;

  private final int[] count = new int[BINS];
  private final double[] sum = new double[BINS];
  private long gated; // entries at or above the absolute gate
  private double gatedSum;

  static double lufs(double energy) {
    return -0.691 + 10.0 * Math.log10(energy);
  }

  static double energy(double lufs) {
    return Math.pow(10.0, (lufs + 0.691) / 10.0);
  }

  /** Adds one mean-square energy (channel-weighted). */
  void add(double e) {
    double l = lufs(e);
    // Absolute gate -70 LUFS. BS.1770-4 keeps blocks strictly above it; a block exactly at -70.000...
    // is a measure-zero event, and libebur128 keeps it (>=). We keep >= here as well.
    if (!(l >= LOW_LUFS)) return;
    int b = (int) ((l - LOW_LUFS) / BIN_LU);
    if (b >= BINS) b = BINS - 1;
    count[b]++;
    sum[b] += e;
    gated++;
    gatedSum += e;
  }

  long gatedCount() {
    return gated;
  }

  private int bin(double lufs) {
    double b = Math.floor((lufs - LOW_LUFS) / BIN_LU);
    return (int) Math.max(0, Math.min(BINS - 1, b));
  }

  /**
   * Gated mean energy with a relative gate {@code relLu} below the absolute-gated mean, keeping
   * entries strictly above it (BS.1770-4 Annex 1 eq. 7); NaN when nothing passes the absolute gate.
   */
  double relativeGatedMean(double relLu) {
    if (gated == 0) return Double.NaN;
    double gateE = (gatedSum / gated) * Math.pow(10.0, relLu / 10.0);
    int gb = bin(lufs(gateE));
    double s = 0;
    long n = 0;
    for (int b = gb + 1; b < BINS; b++) {
      n += count[b];
      s += sum[b];
    }
    // The gate's own bin: its entries lie within one bin of the gate; keep them together when their
    // mean lies strictly above it.
    if (count[gb] > 0 && sum[gb] / count[gb] > gateE) {
      n += count[gb];
      s += sum[gb];
    }
    return n == 0 ? Double.NaN : s / n;
  }

  /**
   * Loudness range per EBU Tech 3342: relative gate -20 LU, then the 95th minus the 10th
   * percentile, with the nearest-rank index {@code floor((n - 1) p + 0.5)} libebur128 uses.
   * Relative gate inclusive (>=) as in Tech 3342's example and libebur128. NaN when empty.
   */
  double range() {
    if (gated == 0) return Double.NaN;
    double gateE = (gatedSum / gated) * 0.01;
    int gb = bin(lufs(gateE));
    // Entries in the gate's bin are kept when the bin's mean is at or above the gate.
    int first = (count[gb] > 0 && sum[gb] / count[gb] >= gateE) ? gb : gb + 1;
    long n = 0;
    for (int b = first; b < BINS; b++) n += count[b];
    if (n == 0) return Double.NaN;
    long lo = (long) ((n - 1) * 0.10 + 0.5);
    long hi = (long) ((n - 1) * 0.95 + 0.5);
    return lufs(meanAtRank(first, hi)) - lufs(meanAtRank(first, lo));
  }

  private double meanAtRank(int first, long rank) {
    long seen = 0;
    for (int b = first; b < BINS; b++) {
      seen += count[b];
      if (seen > rank) return sum[b] / count[b];
    }
    throw new IllegalStateException("rank beyond histogram");
  }

  void reset() {
    java.util.Arrays.fill(count, 0);
    java.util.Arrays.fill(sum, 0.0);
    gated = 0;
    gatedSum = 0;
  }
}
