package io.themachine.audio.internal.cpu;

import io.themachine.audio.dsp.ChannelWeights;
import io.themachine.audio.dsp.LoudnessMeter;
import io.themachine.audio.dsp.LoudnessOptions;
import io.themachine.audio.dsp.LoudnessResult;
import io.themachine.audio.dsp.LoudnessStatus;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.ChannelLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The meter's state and bookkeeping, shared by every CPU kernel; the hot loops live in
 * {@link LoudnessStages}.
 *
 * <p>Design (ITU-R BS.1770-4 Annex 1, EBU Tech 3341 / 3342):
 * <ul>
 *   <li>Audio is cut into 100 ms sub-blocks of {@code (fs + 5) / 10} frames (libebur128's rounding).
 *       Each sub-block's channel-weighted sum of squared K-weighted samples is kept in a ring of 30.
 *   <li>Gating blocks (400 ms, 75 % overlap) are the sums of 4 consecutive sub-blocks, one per
 *       completed sub-block; their mean energies go into a {@link GatingHistogram} (abs gate -70,
 *       relative gate -10 LU, strictly greater). Short-term values for LRA are sums of 30
 *       sub-blocks, one per second from 3 s on (libebur128) or one per sub-block, into a second
 *       histogram (gates -70 / -20 LU, 10th to 95th percentile).
 *   <li>Maximum momentary / short-term loudness: with {@code maxima} on, the per-frame weighted
 *       energy goes through a 3 s ring and two running window sums, so <em>every</em> window of
 *       exactly 4 (30) sub-block lengths that lies entirely inside the signal, at a hop of one
 *       sample, is a candidate for the maximum. The running sums are re-set from the exact
 *       sub-block sums at every sub-block boundary, so rounding cannot drift beyond 100 ms.
 *   <li>True peak: BS.1770-4 Annex 2 FIR in double over each channel, with 11 samples of history
 *       carried between blocks and the filter's tail (zeros after the end) included, as a full
 *       convolution. A block whose samples (and history) are all below {@code tpMax / 2.02} cannot
 *       raise the maximum (the phases' sums of |taps| bound the gain), so its FIR is skipped:
 *       exact, and most of programme material is skipped once a loud passage has been seen.
 *       It is the interpolator's own peak: it does <em>not</em> take the sample peak
 *       into account (on an fs/4 tone with crests on samples, Annex 2 reads 0.2 dB under the sample
 *       peak, within Tech 3341's tolerance).
 *   <li>Non-finite samples: a block whose energy or peak comes out non-finite is re-run from saved
 *       filter state with its NaN / infinite samples counted and replaced by 0, so one NaN neither
 *       poisons the filter nor costs a per-sample test in the common case.
 * </ul>
 */
public final class MeterEngine implements LoudnessMeter {
  private final int fs;
  private final ChannelLayout layout;
  private final LoudnessOptions options;
  private final LoudnessStages stages;
  private final int ch;
  private final double[] weight;
  private final KWeighting k;
  private final int sub; // frames per 100 ms sub-block
  private final int n400;
  private final int n3;

  // K-filter state, 4 doubles per channel, and a copy for re-running a block with non-finite samples.
  private final double[] state;
  private final double[] stateSaved;

  // Sub-blocks.
  private final double[] subRing = new double[30];
  private long subCount;
  private int subPos;
  private double subAcc;
  private double totalEnergy;
  private long frames;
  private final GatingHistogram blocks = new GatingHistogram();
  private final GatingHistogram shortTerms = new GatingHistogram();

  // Per-frame window tracking (maxima on).
  private final double[] e;
  private final double[] ring;
  private int wp;
  private double mSum, sSum;
  private double maxM = Double.NEGATIVE_INFINITY, maxS = Double.NEGATIVE_INFINITY;

  // Peaks (peaks on).
  private final double[] sp;
  private final double[] tp;
  private double tpMax; // max over channels of tp[], for skipping blocks that cannot beat it
  private final double[][] hist;
  private final double[][] histSaved;
  private final double[] d;

  // Lane-parallel K-filter (vector kernel, integrated-only); scratch grows with the caller's block.
  private static final int LANE_WARM_UP = 16384;
  private final int laneMin;
  private double[] laneE;
  private double[] laneTile;
  private double[] laneAcc;

  // Non-finite handling.
  private final float[][] clean;
  private long nonFinite;

  public MeterEngine(int sampleRate, ChannelLayout layout, LoudnessOptions options, LoudnessStages stages) {
    if (sampleRate < 100 || sampleRate > 1_536_000) throw new IllegalArgumentException("sample rate out of range: " + sampleRate);
    this.fs = sampleRate;
    this.layout = Objects.requireNonNull(layout, "layout");
    this.options = Objects.requireNonNull(options, "options");
    this.stages = stages;
    this.ch = layout.channels();
    this.weight = ChannelWeights.of(layout, options.dualMono());
    this.k = KWeighting.forRate(sampleRate);
    this.sub = (sampleRate + 5) / 10;
    this.n400 = 4 * sub;
    this.n3 = 30 * sub;
    this.state = new double[4 * ch];
    this.stateSaved = new double[4 * ch];
    this.e = options.maxima() ? new double[sub] : null;
    this.ring = options.maxima() ? new double[n3] : null;
    this.sp = new double[ch];
    this.tp = new double[ch];
    this.hist = options.peaks() ? new double[ch][TruePeakFir.HISTORY] : null;
    this.histSaved = options.peaks() ? new double[ch][TruePeakFir.HISTORY] : null;
    this.d = options.peaks() ? new double[TruePeakFir.HISTORY + sub] : null;
    this.clean = new float[ch][sub];
    this.laneMin = Math.max(stages.laneMinFrames(sub), 2 * LANE_WARM_UP);
  }

  @Override public int sampleRate() { return fs; }

  @Override public ChannelLayout layout() { return layout; }

  @Override public LoudnessOptions options() { return options; }

  @Override
  public void accept(float[][] block, int offset, int n) {
    if (block.length < ch) throw new IllegalArgumentException("block has " + block.length + " channels, meter has " + ch);
    boolean lanesTried = false;
    while (n > 0) {
      if (subPos == 0 && !lanesTried && n >= laneMin) {
        lanesTried = true; // once per call: a block with a NaN must not be re-tried at every sub-block
        int done = laneBlock(block, offset, n);
        offset += done;
        n -= done;
        if (n == 0) break;
      }
      int m = Math.min(n, sub - subPos);
      chunk(block, offset, m);
      offset += m;
      n -= m;
      subPos += m;
      frames += m;
      if (subPos == sub) finishSubBlock();
    }
  }

  @Override
  public void accept(AudioBuffer buffer) {
    if (buffer.sampleRate() != fs || buffer.channels() != ch) {
      throw new IllegalArgumentException("buffer is " + buffer.sampleRate() + " Hz x " + buffer.channels() + ", meter is " + fs + " Hz x " + ch);
    }
    if (buffer.isHeap()) {
      float[][] a = new float[ch][];
      for (int c = 0; c < ch; c++) a[c] = buffer.array(c);
      accept(a, 0, buffer.frames());
      return;
    }
    float[][] tmp = new float[ch][Math.max(sub, 8192)];
    for (int pos = 0; pos < buffer.frames(); ) {
      int n = Math.min(tmp[0].length, buffer.frames() - pos);
      for (int c = 0; c < ch; c++) buffer.copyTo(c, pos, tmp[c], 0, n);
      accept(tmp, 0, n);
      pos += n;
    }
  }

  /**
   * Integrated-only meters (no maxima, no peaks) at a sub-block boundary with a long block: the
   * vector kernel filters its whole sub-blocks with independent chunks in lanes, then the filter
   * state is re-derived by running the serial filter over the last {@code WARM_UP} frames from zero.
   * Returns the frames consumed (0 when the path does not apply or met a non-finite value, in which
   * case nothing changed and the ordinary path handles the block, counting bad samples).
   */
  private int laneBlock(float[][] x, int off, int n) {
    if (e != null || hist != null || subPos != 0 || n < laneMin) return 0;
    int nSub = n / sub;
    if (laneE == null || laneE.length < nSub) laneE = new double[Math.max(nSub, 2 * (laneE == null ? 0 : laneE.length))];
    if (laneTile == null) {
      laneTile = new double[sub * stages.laneCount()];
      laneAcc = new double[stages.laneCount()];
    }
    java.util.Arrays.fill(laneE, 0, nSub, 0.0);
    for (int c = 0; c < ch; c++) stages.laneEnergies(x[c], off, nSub, sub, k, weight[c], laneE, state, 4 * c, laneTile, laneAcc);
    for (int i = 0; i < nSub; i++) if (!Double.isFinite(laneE[i])) return 0;
    for (int i = 0; i < nSub; i++) {
      subAcc = laneE[i];
      totalEnergy += laneE[i];
      frames += sub;
      subPos = sub;
      finishSubBlock();
    }
    int end = off + nSub * sub;
    int warm = LANE_WARM_UP;
    java.util.Arrays.fill(state, 0.0);
    for (int c = 0; c < ch; c++) stages.kFilter(x[c], end - warm, warm, k, state, 4 * c, 0.0, null);
    return nSub * sub;
  }

  private void chunk(float[][] x, int off, int m) {
    System.arraycopy(state, 0, stateSaved, 0, state.length);
    if (hist != null) for (int c = 0; c < ch; c++) System.arraycopy(hist[c], 0, histSaved[c], 0, TruePeakFir.HISTORY);
    double sum = filterAll(x, off, m);
    boolean ok = Double.isFinite(sum) && (hist == null || peaks(x, off, m));
    if (!ok) {
      System.arraycopy(stateSaved, 0, state, 0, state.length);
      if (hist != null) for (int c = 0; c < ch; c++) System.arraycopy(histSaved[c], 0, hist[c], 0, TruePeakFir.HISTORY);
      for (int c = 0; c < ch; c++) {
        float[] src = x[c], dst = clean[c];
        for (int i = 0; i < m; i++) {
          float v = src[off + i];
          if (Float.isFinite(v)) {
            dst[i] = v;
          } else {
            dst[i] = 0f;
            nonFinite++;
          }
        }
      }
      sum = filterAll(clean, 0, m);
      if (hist != null) peaks(clean, 0, m);
    }
    subAcc += sum;
    totalEnergy += sum;
    if (e != null) slide(m);
  }

  private double filterAll(float[][] x, int off, int m) {
    if (e != null) java.util.Arrays.fill(e, 0, m, 0.0);
    double sum = 0;
    int c = 0;
    for (; c + 1 < ch; c += 2) {
      sum += stages.kFilter2(x[c], x[c + 1], off, m, k, state, 4 * c, 4 * c + 4, weight[c], weight[c + 1], e);
    }
    if (c < ch) sum += stages.kFilter(x[c], off, m, k, state, 4 * c, weight[c], e);
    return sum;
  }

  /** Updates sample and true peaks; false if a non-finite value turned up (the caller re-runs). */
  private boolean peaks(float[][] x, int off, int m) {
    final int h = TruePeakFir.HISTORY;
    for (int c = 0; c < ch; c++) {
      double s = stages.samplePeak(x[c], off, m);
      if (!Double.isFinite(s)) return false;
      if (s > sp[c]) sp[c] = s;
      float[] src = x[c];
      double[] hc = hist[c];
      double histMax = 0;
      for (int j = 0; j < h; j++) histMax = Math.max(histMax, Math.abs(hc[j]));
      if (TruePeakFir.GAIN_BOUND * Math.max(s, histMax) <= tpMax) {
        // No output of this block can exceed the running true peak: skip the FIR, keep the history.
        if (m >= h) {
          for (int j = 0; j < h; j++) hc[j] = src[off + m - h + j];
        } else {
          System.arraycopy(hc, m, hc, 0, h - m);
          for (int j = 0; j < m; j++) hc[h - m + j] = src[off + j];
        }
        continue;
      }
      System.arraycopy(hc, 0, d, 0, h);
      for (int i = 0; i < m; i++) d[h + i] = src[off + i];
      double t = stages.truePeak(d, m);
      System.arraycopy(d, m, hc, 0, h);
      if (!Double.isFinite(t)) return false;
      if (t > tp[c]) tp[c] = t;
      if (t > tpMax) tpMax = t;
    }
    return true;
  }

  private void slide(int m) {
    final double[] ring = this.ring;
    final int n3 = this.n3, n400 = this.n400;
    int w = wp;
    int w4 = w - n400;
    if (w4 < 0) w4 += n3;
    double ms = mSum, ss = sSum, mx = maxM, sx = maxS;
    long f = frames; // frames before this chunk
    for (int i = 0; i < m; i++) {
      double v = e[i];
      double o4 = ring[w4];
      double o3 = ring[w];
      ring[w] = v;
      if (++w == n3) w = 0;
      if (++w4 == n3) w4 = 0;
      ms += v - o4;
      ss += v - o3;
      f++;
      if (f >= n400 && ms > mx) mx = ms;
      if (f >= n3 && ss > sx) sx = ss;
    }
    wp = w;
    mSum = ms;
    sSum = ss;
    maxM = mx;
    maxS = sx;
  }

  private void finishSubBlock() {
    subRing[(int) (subCount % 30)] = subAcc;
    subCount++;
    subAcc = 0;
    subPos = 0;
    double last4 = lastSubs(4);
    if (e != null) {
      // Re-set the running sums from the exact sub-block sums: no drift beyond one sub-block.
      mSum = last4;
      sSum = lastSubs(30);
      if (frames >= n400 && mSum > maxM) maxM = mSum;
      if (frames >= n3 && sSum > maxS) maxS = sSum;
    }
    if (subCount >= 4) blocks.add(last4 / n400);
    if (subCount >= 30) {
      boolean take = options.lraSampling() == LoudnessOptions.LraSampling.EVERY_100_MS || (subCount - 30) % 10 == 0;
      if (take) shortTerms.add((e != null ? sSum : lastSubs(30)) / n3);
    }
  }

  private double lastSubs(int count) {
    int n = (int) Math.min(count, subCount);
    double s = 0;
    for (int j = 1; j <= n; j++) s += subRing[(int) ((subCount - j) % 30)];
    return s;
  }

  @Override
  public double momentary() {
    requireMaxima();
    return GatingHistogram.lufs(Math.max(0.0, mSum) / n400);
  }

  @Override
  public double shortTerm() {
    requireMaxima();
    return GatingHistogram.lufs(Math.max(0.0, sSum) / n3);
  }

  private void requireMaxima() {
    if (e == null) throw new IllegalStateException("momentary and short-term read-outs need LoudnessOptions.maxima()");
  }

  @Override
  public LoudnessResult result() {
    double gatedMean = blocks.relativeGatedMean(-10.0);
    LoudnessStatus status;
    if (subCount < 4) status = LoudnessStatus.TOO_SHORT;
    else if (Double.isNaN(gatedMean)) status = LoudnessStatus.BELOW_ABSOLUTE_GATE;
    else if (nonFinite > 0) status = LoudnessStatus.NON_FINITE_INPUT;
    else status = LoudnessStatus.MEASURED;
    double integrated = Double.isNaN(gatedMean) ? Double.NaN : GatingHistogram.lufs(gatedMean);
    double ungated = frames == 0 ? Double.NaN : GatingHistogram.lufs(totalEnergy / frames);
    double lra = shortTerms.range();
    double mm = Double.NaN, ms = Double.NaN;
    if (e != null) {
      if (frames >= n400) mm = GatingHistogram.lufs(Math.max(0.0, maxM) / n400);
      if (frames >= n3) ms = GatingHistogram.lufs(Math.max(0.0, maxS) / n3);
    }
    double spDb = Double.NaN, tpDb = Double.NaN;
    if (hist != null && frames > 0) {
      double s = 0, t = 0;
      for (int c = 0; c < ch; c++) {
        s = Math.max(s, sp[c]);
        t = Math.max(t, Math.max(tp[c], TruePeakFir.tailMaxAbs(hist[c])));
      }
      spDb = 20.0 * Math.log10(s);
      tpDb = 20.0 * Math.log10(t);
    }
    List<Double> w = new ArrayList<>(ch);
    for (double v : weight) w.add(v);
    return new LoudnessResult(status, integrated, ungated, lra, mm, ms, spDb, tpDb, frames, fs, layout.name(), w,
        nonFinite, options.lraSampling());
  }

  @Override
  public void reset() {
    java.util.Arrays.fill(state, 0.0);
    java.util.Arrays.fill(subRing, 0.0);
    subCount = 0;
    subPos = 0;
    subAcc = 0;
    totalEnergy = 0;
    frames = 0;
    blocks.reset();
    shortTerms.reset();
    if (ring != null) java.util.Arrays.fill(ring, 0.0);
    wp = 0;
    mSum = 0;
    sSum = 0;
    maxM = Double.NEGATIVE_INFINITY;
    maxS = Double.NEGATIVE_INFINITY;
    java.util.Arrays.fill(sp, 0.0);
    java.util.Arrays.fill(tp, 0.0);
    tpMax = 0;
    if (hist != null) for (double[] h : hist) java.util.Arrays.fill(h, 0.0);
    nonFinite = 0;
  }

  @Override
  public String toString() {
    return "LoudnessMeter[" + fs + " Hz, " + layout + ", " + frames + " frames, " + stages.getClass().getSimpleName() + "]";
  }
}
