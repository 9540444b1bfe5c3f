package io.themachine.audio.dsp;

import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.ChannelLayout;

/**
 * A Java port of the team's deterministic programme generator ({@code gen_signal.c} of the
 * loudness reference data): stereo 48 kHz pink-ish noise with slow envelopes, 220 Hz / 1 kHz /
 * 5.5 kHz / 12 kHz tones, a 6 s near-silent stretch every 97 s, hard ceiling 0.891. libebur128
 * 1.2.6 reads the 600 s programme at I = -18.4731 LUFS, LRA 5.9521 LU; its BS.1770-4 Annex 2 true
 * peak is -3.0101 dBTP, sample peak -3.0496 dBFS. Java's {@code Math.sin}/{@code pow} may differ
 * from glibc's by an ulp, so rare samples can differ in the last float bit; the figures hold to
 * far better than the checks below.
 */
public final class Programme {
  private Programme() {}

  public static final int RATE = 48000;
  public static final double PROG600_I = -18.4731;
  public static final double PROG600_LRA = 5.9521;
  public static final double PROG600_TP_ANNEX2 = -3.0101;

  public static AudioBuffer generate(double seconds) {
    int frames = (int) (seconds * RATE);
    float[][] x = new float[2][frames];
    long[] rng = {0x9E3779B97F4A7C15L};
    double[][] b = new double[2][3];
    double twoPi = 2.0 * Math.PI;
    for (int n = 0; n < frames; n++) {
      double t = (double) n / RATE;
      double envDb = 6.0 * Math.sin(twoPi * 0.011 * t) + 4.0 * Math.sin(twoPi * 0.037 * t + 1.0)
          + 2.0 * Math.sin(twoPi * 0.13 * t + 2.0);
      boolean quiet = (t % 97.0) > 91.0;
      double noiseGain = quiet ? Math.pow(10.0, -75.0 / 20.0) : 0.08 * Math.pow(10.0, envDb / 20.0);
      double toneGain = quiet ? 0.0 : 1.0;
      double t1 = 0.06 * Math.pow(10.0, (5.0 * Math.sin(twoPi * 0.021 * t)) / 20.0);
      double t2 = 0.05 * Math.pow(10.0, (5.0 * Math.sin(twoPi * 0.017 * t + 0.5)) / 20.0);
      double t3 = 0.02 * (0.5 + 0.5 * Math.sin(twoPi * 0.05 * t));
      double t4 = 0.03;
      for (int c = 0; c < 2; c++) {
        double w = urand(rng);
        b[c][0] = 0.99765 * b[c][0] + w * 0.0990460;
        b[c][1] = 0.96300 * b[c][1] + w * 0.2965164;
        b[c][2] = 0.57000 * b[c][2] + w * 1.0526913;
        double pink = (b[c][0] + b[c][1] + b[c][2] + w * 0.1848) * 0.25;
        double ph = c != 0 ? 0.3 : 0.0;
        double s = noiseGain * pink
            + toneGain * (t1 * Math.sin(twoPi * 220.0 * t + ph)
                + t2 * Math.sin(twoPi * 1000.0 * t + ph)
                + t3 * Math.sin(twoPi * 5500.0 * t + ph)
                + t4 * Math.sin(twoPi * 12000.0 * t + Math.PI / 4.0));
        if (s > 0.891) s = 0.891;
        if (s < -0.891) s = -0.891;
        x[c][n] = (float) s;
      }
    }
    return AudioBuffer.of(RATE, ChannelLayout.STEREO, x);
  }

  /** xorshift64*, uniform in [-1, 1). */
  private static double urand(long[] s) {
    long r = s[0];
    r ^= r >>> 12;
    r ^= r << 25;
    r ^= r >>> 27;
    s[0] = r;
    long m = r * 2685821657736338717L;
    return (double) (m >>> 11) * (2.0 / 9007199254740992.0) - 1.0;
  }
}
