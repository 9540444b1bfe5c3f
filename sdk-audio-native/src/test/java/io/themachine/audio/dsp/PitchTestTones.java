package io.themachine.audio.dsp;

/** Test tones shared with the extension tests. */
public final class PitchTestTones {
  private PitchTestTones() {}

  public static float[] tone(double f, int sr, double seconds) {
    return PitchTest.tone(f, sr, seconds);
  }
}
