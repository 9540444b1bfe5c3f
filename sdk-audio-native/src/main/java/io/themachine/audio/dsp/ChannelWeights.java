package io.themachine.audio.dsp;

import io.themachine.spi.audio.ChannelLayout;

/**
 * BS.1770-4 channel weights G_i from loudspeaker positions (Annex 1, Table 3 and its note): a
 * channel at an azimuth of 60 to 120 degrees either side with an elevation under 30 degrees weighs
 * 1.41 (+1.5 dB: the +-110 surrounds, +-90 side channels); every other channel 1.0 (front, centre,
 * +-135 back, back centre, height); LFE channels 0 (excluded). Channels with no known position
 * weigh 1.0. A single channel declared dual mono weighs 2.0.
 */
public final class ChannelWeights {
  private ChannelWeights() {}

  /** Supports layouts up to this many channels (22.2 has 24). */
  public static final int MAX_CHANNELS = 24;

  public static double[] of(ChannelLayout layout, boolean dualMono) {
    int n = layout.channels();
    if (n > MAX_CHANNELS) throw new IllegalArgumentException("loudness supports up to " + MAX_CHANNELS + " channels, got " + n);
    double[] w = new double[n];
    for (int c = 0; c < n; c++) {
      ChannelLayout.Position p = layout.positions().get(c);
      if (p.channel().isLfe()) {
        w[c] = 0.0;
        continue;
      }
      double az = p.azimuth(), el = p.elevation();
      if (Double.isNaN(az) || Double.isNaN(el)) {
        w[c] = 1.0;
        continue;
      }
      double a = Math.abs(Math.IEEEremainder(az, 360.0));
      w[c] = (a >= 60.0 && a <= 120.0 && Math.abs(el) < 30.0) ? 1.41 : 1.0;
    }
    if (n == 1 && dualMono) w[0] = 2.0;
    return w;
  }
}
