package io.themachine.audio.dsp;

/**
 * Two-pass loudness normalization settings.
 *
 * @param targetLufs  integrated loudness to reach, -70 to 0 LUFS
 * @param ceilingDbtp true-peak ceiling (BS.1770-4 Annex 2) the output must not exceed, -20 to 0 dBTP
 * @param lookaheadMs limiter look-ahead (and attack), 1 to 50 ms
 * @param releaseMs   limiter release time constant, 10 to 2000 ms
 */
public record NormalizeOptions(double targetLufs, double ceilingDbtp, double lookaheadMs, double releaseMs) {
  public NormalizeOptions {
    if (!(targetLufs >= -70 && targetLufs <= 0)) throw new IllegalArgumentException("targetLufs must be within -70..0: " + targetLufs);
    if (!(ceilingDbtp >= -20 && ceilingDbtp <= 0)) throw new IllegalArgumentException("ceilingDbtp must be within -20..0: " + ceilingDbtp);
    if (!(lookaheadMs >= 1 && lookaheadMs <= 50)) throw new IllegalArgumentException("lookaheadMs must be within 1..50: " + lookaheadMs);
    if (!(releaseMs >= 10 && releaseMs <= 2000)) throw new IllegalArgumentException("releaseMs must be within 10..2000: " + releaseMs);
  }

  /** -14 LUFS, -1 dBTP: the original tool's target (streaming platforms). */
  public static NormalizeOptions defaults() {
    return new NormalizeOptions(-14.0, -1.0, 5.0, 200.0);
  }

  /** EBU R128 broadcast: -23 LUFS, -1 dBTP. */
  public static NormalizeOptions ebuR128() {
    return defaults().withTarget(-23.0);
  }

  /** Podcasts (AES TD1008 / Apple): -16 LUFS, -1 dBTP. */
  public static NormalizeOptions podcast() {
    return defaults().withTarget(-16.0);
  }

  public NormalizeOptions withTarget(double lufs) {
    return new NormalizeOptions(lufs, ceilingDbtp, lookaheadMs, releaseMs);
  }

  public NormalizeOptions withCeiling(double dbtp) {
    return new NormalizeOptions(targetLufs, dbtp, lookaheadMs, releaseMs);
  }
}
