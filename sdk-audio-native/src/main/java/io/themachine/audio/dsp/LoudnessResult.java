package io.themachine.audio.dsp;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * One measurement. Loudness values are NaN where undefined (see {@link #status()}); peaks of
 * digital silence are {@code -Infinity} dBFS. Manifests write both as {@code null}.
 *
 * @param status               whether {@link #integratedLufs()} is defined
 * @param integratedLufs       BS.1770-4 integrated loudness (gated), NaN unless MEASURED or NON_FINITE_INPUT
 * @param ungatedEstimateLufs  K-weighted mean over all frames with no gating; an estimate for
 *                             signals too short for a gating block, labelled as such (NaN if empty)
 * @param rangeLu              EBU Tech 3342 loudness range, NaN when there is no short-term value (shorter than 3 s)
 * @param maxMomentaryLufs     max over every 400 ms window inside the signal (hop 1 sample), NaN if not computed
 * @param maxShortTermLufs     max over every 3 s window inside the signal (hop 1 sample), NaN if not computed
 * @param samplePeakDbfs       max |x| over channels, dBFS; NaN if not computed
 * @param truePeakDbtp         BS.1770-4 Annex 2 true peak (4x, 48 taps, full convolution), dBTP; NaN if not computed
 * @param frames               frames measured
 * @param sampleRate           Hz
 * @param layoutName           the channel layout's name
 * @param weights              the BS.1770-4 weight used per channel (0 for LFE)
 * @param nonFiniteSamples     NaN/Inf samples seen (measured as 0)
 * @param lraSampling          how short-term values were taken for LRA
 */
public record LoudnessResult(
    LoudnessStatus status,
    double integratedLufs,
    double ungatedEstimateLufs,
    double rangeLu,
    double maxMomentaryLufs,
    double maxShortTermLufs,
    double samplePeakDbfs,
    double truePeakDbtp,
    long frames,
    int sampleRate,
    String layoutName,
    List<Double> weights,
    long nonFiniteSamples,
    LoudnessOptions.LraSampling lraSampling) {

  public LoudnessResult {
    weights = List.copyOf(weights);
  }

  /** Integrated loudness when {@link LoudnessStatus#MEASURED}, else empty. */
  public OptionalDouble integrated() {
    return status == LoudnessStatus.MEASURED ? OptionalDouble.of(integratedLufs) : OptionalDouble.empty();
  }

  /** Seconds measured. */
  public double seconds() {
    return frames / (double) sampleRate;
  }

  @Override
  public String toString() {
    String i = switch (status) {
      case MEASURED -> fmt(integratedLufs) + " LUFS";
      case TOO_SHORT -> "undefined: too short (ungated estimate " + fmt(ungatedEstimateLufs) + " LUFS)";
      case BELOW_ABSOLUTE_GATE -> "undefined: below absolute gate";
      case NON_FINITE_INPUT -> fmt(integratedLufs) + " LUFS with " + nonFiniteSamples + " non-finite samples zeroed";
    };
    return String.format(Locale.ROOT, "Loudness[I=%s, LRA=%s LU, maxM=%s, maxS=%s, SP=%s dBFS, TP=%s dBTP, %.3f s, %d Hz, %s %s]",
        i, fmt(rangeLu), fmt(maxMomentaryLufs), fmt(maxShortTermLufs), fmt(samplePeakDbfs), fmt(truePeakDbtp),
        seconds(), sampleRate, layoutName, weights);
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "n/a" : Double.isInfinite(v) ? (v < 0 ? "-inf" : "+inf") : String.format(Locale.ROOT, "%.2f", v);
  }
}
