package io.themachine.audio.internal.cpu;

import io.themachine.audio.dsp.LoudnessKernel;
import io.themachine.audio.dsp.LoudnessOptions;
import io.themachine.audio.dsp.LoudnessResult;
import io.themachine.audio.dsp.LoudnessStatus;
import io.themachine.audio.dsp.NormalizeOptions;
import io.themachine.audio.dsp.NormalizeResult;
import io.themachine.spi.audio.AudioBuffer;

/**
 * The whole-signal, in-memory normalizer as it was before normalization streamed (main at
 * a66f340, verbatim apart from its name): the reference the streaming {@link Normalizer} must equal.
 *
 * <p>Two-pass loudness normalization: measure, apply the linear gain that brings the integrated
 * loudness to the target, and only if the gained true peak (BS.1770-4 Annex 2) would exceed the
 * ceiling, run a true-peak look-ahead limiter at the input's own rate; then re-measure.
 *
 * <p>Limiter: per frame, the largest |sample| and |4x interpolated value| over channels gives the
 * gain that frame may have ({@code ceiling / peak}, at most 1). A sliding minimum over
 * {@code +-lookahead} then a box average over {@code lookahead + 1} frames makes the gain ramp down
 * before a peak and never exceed any frame's allowance within {@code lookahead / 2}, which covers
 * the interpolator's 12-sample support. An exponential release follows. Because the interpolated
 * peak of a gain-modulated signal is not exactly the gained peak, the limiter aims 0.1 dB under the
 * ceiling and lowers its aim if the re-measured true peak is still above; because limiting lowers
 * the loudness, the gain is raised and the pass repeated until the output is within 0.05 LU of the
 * target (secant steps, at most 10 passes).
 */
public final class ReferenceNormalizer {
  private ReferenceNormalizer() {}

  private static final int MAX_PASSES = 10;
  private static final LoudnessStages SCALAR_STAGES = new LoudnessStages();

  public static NormalizeResult normalize(LoudnessKernel kernel, AudioBuffer x, NormalizeOptions o) {
    LoudnessOptions full = LoudnessOptions.full();
    LoudnessStages stages = kernel instanceof VectorLoudness ? VectorLoudness.STAGES : SCALAR_STAGES;
    LoudnessResult in = kernel.measure(x, full);
    if (in.status() != LoudnessStatus.MEASURED) {
      return new NormalizeResult(NormalizeResult.Path.UNCHANGED, 0.0, 0.0, false, in, in, x);
    }
    double gainDb = o.targetLufs() - in.integratedLufs();
    if (in.truePeakDbtp() + gainDb <= o.ceilingDbtp()) {
      AudioBuffer out = gain(x, Math.pow(10.0, gainDb / 20.0));
      LoudnessResult m = kernel.measure(out, full);
      return new NormalizeResult(NormalizeResult.Path.LINEAR, gainDb, 0.0, met(m, o), in, m, out);
    }
    double aimDb = o.ceilingDbtp() - 0.1;
    AudioBuffer out = null;
    LoudnessResult m = null;
    double reduction = 0;
    double prevGain = Double.NaN, prevI = Double.NaN;
    double applied = gainDb;
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      float[][] y = new float[x.channels()][];
      applied = gainDb;
      reduction = limit(x, Math.pow(10.0, gainDb / 20.0), Math.pow(10.0, aimDb / 20.0), o, y, stages);
      out = AudioBuffer.of(x.sampleRate(), x.layout(), y);
      m = kernel.measure(out, full);
      boolean peakOk = m.truePeakDbtp() <= o.ceilingDbtp();
      boolean levelOk = Math.abs(m.integratedLufs() - o.targetLufs()) <= 0.05;
      if (peakOk && levelOk) break;
      if (!peakOk) aimDb -= (m.truePeakDbtp() - o.ceilingDbtp()) + 0.05;
      if (!levelOk) {
        // Secant step on I(gain): limiting makes I rise slower than the gain, so a plain
        // "add the shortfall" step converges slowly on dense material.
        double slope = 1.0;
        if (!Double.isNaN(prevI) && Math.abs(gainDb - prevGain) > 1e-6) {
          slope = (m.integratedLufs() - prevI) / (gainDb - prevGain);
          // More gain no longer makes it louder: the limiter is saturated and the target cannot be
          // reached under this ceiling. Keep this pass and report targetMet = false.
          if (slope < 0.02) break;
          slope = Math.min(1.0, slope);
        }
        prevGain = gainDb;
        prevI = m.integratedLufs();
        gainDb += Math.min(24.0, (o.targetLufs() - m.integratedLufs()) / slope);
      }
    }
    return new NormalizeResult(NormalizeResult.Path.LIMITED, applied, reduction, met(m, o), in, m, out);
  }

  private static boolean met(LoudnessResult m, NormalizeOptions o) {
    return Math.abs(m.integratedLufs() - o.targetLufs()) <= 0.1 && m.truePeakDbtp() <= o.ceilingDbtp();
  }

  static AudioBuffer gain(AudioBuffer x, double g) {
    float[][] y = new float[x.channels()][];
    for (int c = 0; c < y.length; c++) {
      float[] src = x.array(c);
      float[] dst = new float[src.length];
      for (int i = 0; i < src.length; i++) dst[i] = (float) (src[i] * g);
      y[c] = dst;
    }
    return AudioBuffer.of(x.sampleRate(), x.layout(), y);
  }

  /** Fills {@code y} with the gained, limited signal; returns the largest gain reduction in dB (positive). */
  static double limit(AudioBuffer x, double g, double ceiling, NormalizeOptions o, float[][] y, LoudnessStages stages) {
    final int n = x.frames();
    final int ch = x.channels();
    final int h = TruePeakFir.HISTORY;
    final int delay = h / 2; // the Annex 2 phases peak about 5.5 samples after the input sample
    // 1. Per-frame allowance r[n] = min(1, ceiling / peak[n]), peak over channels, samples and phases.
    //    Blocks whose gained samples (with the FIR's history) stay under ceiling / 2.02 cannot
    //    produce a peak over the ceiling (sum of |taps| bound) and are skipped.
    float[] r = new float[n];
    java.util.Arrays.fill(r, 1f);
    final int block = 256;
    double[] d = new double[block + h];
    double[] pk = new double[block];
    double quiet = ceiling / TruePeakFir.GAIN_BOUND;
    for (int c = 0; c < ch; c++) {
      float[] src = x.array(c);
      for (int b0 = 0; b0 < n + h; b0 += block) {
        int len = Math.min(block, n + h - b0);
        double mx = 0;
        for (int j = 0; j < len + h; j++) {
          int at = b0 - h + j;
          double v = at >= 0 && at < n ? src[at] * g : 0.0;
          d[j] = v;
          mx = Math.max(mx, Math.abs(v));
        }
        if (mx <= quiet) continue;
        stages.framePeaks(d, len, pk);
        for (int i = 0; i < len; i++) {
          int out = b0 + i; // FIR output index: y_p[o] = sum_k H[p][k] x[o - k]
          double p = pk[i];
          if (out < n) p = Math.max(p, Math.abs(d[h + i]));
          if (p > ceiling) {
            int at = Math.min(n - 1, Math.max(0, out - delay));
            r[at] = (float) Math.min(r[at], ceiling / p);
          }
        }
      }
    }
    // 2. Sliding minimum over [i - L, i + L] (monotone deque).
    int la = Math.max(2 * TruePeakFir.TAPS, (int) Math.round(o.lookaheadMs() * x.sampleRate() / 1000.0));
    la += la & 1; // even, so the box below is centred
    float[] gmin = new float[n];
    int[] dq = new int[2 * la + 2];
    int head = 0, tail = 0; // dq as a ring
    int next = 0;
    for (int i = 0; i < n; i++) {
      int hi = Math.min(n - 1, i + la);
      while (next <= hi) {
        while (tail != head && r[dq[(tail - 1 + dq.length) % dq.length]] >= r[next]) tail = (tail - 1 + dq.length) % dq.length;
        dq[tail] = next;
        tail = (tail + 1) % dq.length;
        next++;
      }
      while (dq[head] < i - la) head = (head + 1) % dq.length;
      gmin[i] = r[dq[head]];
    }
    // 3. Box average over [i - la/2, i + la/2] (frames outside count as the edge value), then release.
    int half = la / 2;
    double sum = 0;
    for (int j = -half; j <= half; j++) sum += gmin[Math.min(n - 1, Math.max(0, j))];
    double rel = Math.exp(-1.0 / (o.releaseMs() * x.sampleRate() / 1000.0));
    double prev = 1.0, minGain = 1.0;
    for (int i = 0; i < n; i++) {
      double box = sum / (2 * half + 1);
      double gi = Math.min(box, rel * prev + (1 - rel) * box);
      r[i] = (float) gi; // r is free again: reuse it for the final gain
      prev = gi;
      if (gi < minGain) minGain = gi;
      sum += gmin[Math.min(n - 1, i + half + 1)] - gmin[Math.max(0, i - half)];
    }
    for (int c = 0; c < ch; c++) {
      float[] src = x.array(c);
      float[] dst = new float[n];
      for (int i = 0; i < n; i++) dst[i] = (float) (src[i] * g * r[i]);
      y[c] = dst;
    }
    return -20.0 * Math.log10(minGain);
  }
}
