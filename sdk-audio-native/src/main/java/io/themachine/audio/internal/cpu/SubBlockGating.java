package io.themachine.audio.internal.cpu;

import io.themachine.audio.dsp.LoudnessOptions;
import io.themachine.audio.dsp.LoudnessResult;
import io.themachine.audio.dsp.LoudnessStatus;
import io.themachine.spi.audio.ChannelLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link LoudnessResult} from channel-weighted 100 ms sub-block energies computed elsewhere (the
 * CUDA path's first host step; the device now gates itself, {@code loudness_gating}, and this
 * stays the CPU model of the energies-only route): exactly {@link MeterEngine}'s bookkeeping (gating blocks of 4 sub-blocks into a
 * {@link GatingHistogram}, BS.1770-4 Annex 1; short-term values of 30 sub-blocks for LRA, EBU Tech
 * 3342, sampled as {@link LoudnessOptions#lraSampling()} says; the same sums in the same order), so
 * a kernel whose energies equal the CPU filter's reads the same I and LRA. The maxima over every
 * window position (hop of one sample) cannot be had from sub-blocks and are NaN ("not computed").
 */
public final class SubBlockGating {
  private SubBlockGating() {}

  /**
   * @param subBlocks  weighted energy sums per sub-block of {@code (fs + 5) / 10} frames; a last,
   *                   partial one (when {@code frames} is not a multiple) counts for the ungated
   *                   estimate only, as in the meter
   * @param samplePeak max |x| over channels (linear), used when {@code options.peaks()}
   * @param truePeak   Annex 2 true peak over channels (linear, with the filter's tail)
   */
  public static LoudnessResult result(double[] subBlocks, long frames, int fs, ChannelLayout layout, double[] weights,
      LoudnessOptions options, double samplePeak, double truePeak, long nonFinite) {
    int sub = (fs + 5) / 10;
    int n400 = 4 * sub, n3 = 30 * sub;
    long complete = frames / sub;
    GatingHistogram blocks = new GatingHistogram();
    GatingHistogram shortTerms = new GatingHistogram();
    double total = 0;
    for (double e : subBlocks) total += e;
    for (long i = 0; i < complete; i++) {
      long count = i + 1; // sub-blocks finished
      if (count >= 4) blocks.add(lastSubs(subBlocks, count, 4) / n400);
      if (count >= 30) {
        boolean take = options.lraSampling() == LoudnessOptions.LraSampling.EVERY_100_MS || (count - 30) % 10 == 0;
        if (take) shortTerms.add(lastSubs(subBlocks, count, 30) / n3);
      }
    }
    double gatedMean = blocks.relativeGatedMean(-10.0);
    LoudnessStatus status;
    if (complete < 4) status = LoudnessStatus.TOO_SHORT;
    else if (Double.isNaN(gatedMean)) status = LoudnessStatus.BELOW_ABSOLUTE_GATE;
    else if (nonFinite > 0) status = LoudnessStatus.NON_FINITE_INPUT;
    else status = LoudnessStatus.MEASURED;
    double integrated = Double.isNaN(gatedMean) ? Double.NaN : GatingHistogram.lufs(gatedMean);
    double ungated = frames == 0 ? Double.NaN : GatingHistogram.lufs(total / frames);
    double spDb = Double.NaN, tpDb = Double.NaN;
    if (options.peaks() && frames > 0) {
      spDb = 20.0 * Math.log10(samplePeak);
      tpDb = 20.0 * Math.log10(truePeak);
    }
    List<Double> w = new ArrayList<>(weights.length);
    for (double v : weights) w.add(v);
    return new LoudnessResult(status, integrated, ungated, shortTerms.range(), Double.NaN, Double.NaN, spDb, tpDb, frames, fs,
        layout.name(), w, nonFinite, options.lraSampling());
  }

  // Newest first, as MeterEngine.lastSubs sums its ring.
  private static double lastSubs(double[] e, long count, int k) {
    int n = (int) Math.min(k, count);
    double s = 0;
    for (int j = 1; j <= n; j++) s += e[(int) (count - j)];
    return s;
  }
}
