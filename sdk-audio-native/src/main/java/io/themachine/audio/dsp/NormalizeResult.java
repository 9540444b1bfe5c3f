package io.themachine.audio.dsp;

import io.themachine.spi.audio.AudioBuffer;
import java.util.Locale;

/**
 * What a normalization did.
 *
 * @param path             which path ran
 * @param gainDb           the linear gain applied before any limiting, dB
 * @param limiterMaxReductionDb the limiter's largest gain reduction, dB (0 when it did not run)
 * @param targetMet        output integrated loudness within 0.1 LU of the target and true peak at or under the ceiling
 * @param input            the first-pass measurement
 * @param output           the re-measurement of the output (I, LRA, TP, ...)
 * @param audio            the normalized audio at the input's rate and layout (the input itself on {@link Path#UNCHANGED});
 *                         null when the audio was streamed ({@link NormalizeStream#result()})
 */
public record NormalizeResult(Path path, double gainDb, double limiterMaxReductionDb, boolean targetMet,
    LoudnessResult input, LoudnessResult output, AudioBuffer audio) {

  /** The path a normalization took. */
  public enum Path {
    /** Gain alone: the predicted true peak stayed under the ceiling. */
    LINEAR,
    /** Gain, then the true-peak look-ahead limiter. */
    LIMITED,
    /** Nothing done: the input's integrated loudness is undefined (too short, silent, non-finite). */
    UNCHANGED
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "Normalized[%s, gain %+.2f dB, limiter %.2f dB, I %.2f -> %.2f LUFS, TP %.2f -> %.2f dBTP, LRA %.2f LU%s]",
        path, gainDb, limiterMaxReductionDb, input.integratedLufs(), output.integratedLufs(), input.truePeakDbtp(),
        output.truePeakDbtp(), output.rangeLu(), targetMet ? "" : ", target NOT met");
  }
}
