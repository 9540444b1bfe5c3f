package io.themachine.audio.dsp;

/** Hz-to-mel mappings. */
public enum MelScale {
  /**
   * Slaney's Auditory Toolbox (librosa's default, {@code htk=False}): linear {@code f / (200/3)}
   * below 1 kHz, {@code 15 + ln(f / 1000) / (ln(6.4) / 27)} above.
   */
  SLANEY,
  /** HTK (torchaudio's default): {@code 2595 log10(1 + f / 700)}. */
  HTK;

  private static final double F_SP = 200.0 / 3;
  private static final double MIN_LOG_HZ = 1000.0;
  private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
  private static final double LOGSTEP = Math.log(6.4) / 27.0;

  public double hzToMel(double f) {
    if (this == HTK) return 2595.0 * Math.log10(1.0 + f / 700.0);
    return f >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(f / MIN_LOG_HZ) / LOGSTEP : f / F_SP;
  }

  public double melToHz(double m) {
    if (this == HTK) return 700.0 * (Math.pow(10.0, m / 2595.0) - 1.0);
    return m >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOGSTEP * (m - MIN_LOG_MEL)) : F_SP * m;
  }

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
