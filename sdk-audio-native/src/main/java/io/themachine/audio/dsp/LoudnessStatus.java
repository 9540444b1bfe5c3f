package io.themachine.audio.dsp;

/** Whether the integrated loudness of a {@link LoudnessResult} is defined, and if not, why. */
public enum LoudnessStatus {
  /** Defined: at least one 400 ms block passed both gates. */
  MEASURED,
  /** Undefined: shorter than one 400 ms gating block. An ungated estimate may be offered, labelled. */
  TOO_SHORT,
  /** Undefined: no 400 ms block reaches the -70 LUFS absolute gate (e.g. digital silence); not -inf. */
  BELOW_ABSOLUTE_GATE,
  /**
   * NaN or infinite samples were found, counted and measured as 0. The numbers are those of the
   * cleaned signal; callers that need a clean measurement treat this as undefined.
   */
  NON_FINITE_INPUT
}
