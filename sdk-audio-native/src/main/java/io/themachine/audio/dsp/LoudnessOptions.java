package io.themachine.audio.dsp;

/**
 * What a {@link LoudnessMeter} computes and how. Integrated loudness and LRA are always computed
 * (they share the 100 ms sub-block energies); the options switch on the costlier parts.
 *
 * @param peaks       sample peak and BS.1770-4 Annex 2 true peak (the true peak is the meter's cost centre)
 * @param maxima      exact maximum momentary / short-term loudness over every window position
 *                    (hop of one sample) and read-outs of {@link LoudnessMeter#momentary()} /
 *                    {@link LoudnessMeter#shortTerm()} at any frame
 * @param dualMono    a one-channel signal is dual mono (counted twice, reads like the stereo pair,
 *                    libebur128's {@code EBUR128_DUAL_MONO}); otherwise a single channel has weight
 *                    1.0 and reads 3.01 LU below the pair
 * @param lraSampling how short-term values feed LRA
 */
public record LoudnessOptions(boolean peaks, boolean maxima, boolean dualMono, LraSampling lraSampling) {

  /** How often a short-term (3 s) value is taken for the loudness range. */
  public enum LraSampling {
    /** One value per second, the first at 3 s: what libebur128 1.2.6 does (its LRA column). */
    PER_SECOND,
    /** One value every 100 ms, the first at 3 s: reads 0.03-0.33 LU higher on programme material. */
    EVERY_100_MS
  }

  public LoudnessOptions {
    java.util.Objects.requireNonNull(lraSampling, "lraSampling");
  }

  /** Everything: I, LRA, max M/S, sample and true peak; LRA sampled per second. */
  public static LoudnessOptions full() {
    return new LoudnessOptions(true, true, false, LraSampling.PER_SECOND);
  }

  /** Integrated loudness and LRA only: no peaks, no per-sample window tracking. */
  public static LoudnessOptions integratedOnly() {
    return new LoudnessOptions(false, false, false, LraSampling.PER_SECOND);
  }

  public LoudnessOptions withDualMono(boolean on) {
    return new LoudnessOptions(peaks, maxima, on, lraSampling);
  }

  public LoudnessOptions withLraSampling(LraSampling s) {
    return new LoudnessOptions(peaks, maxima, dualMono, s);
  }
}
