package io.themachine.spi.audio;

/**
 * A loudspeaker position, named as FFmpeg names channels. Azimuth in degrees, positive to the
 * left (ITU-R BS.2051), elevation in degrees, positive up. These are the usual positions; a
 * {@link ChannelLayout} may place a channel elsewhere (in 5.1, {@code BL}/{@code BR} are the
 * ±110° surrounds, in 7.1 they sit at ±135°).
 */
public enum Channel {
  FL(30, 0), FR(-30, 0), FC(0, 0), LFE(0, -30), BL(135, 0), BR(-135, 0), FLC(15, 0), FRC(-15, 0),
  BC(180, 0), SL(90, 0), SR(-90, 0), TC(0, 90), TFL(30, 45), TFC(0, 45), TFR(-30, 45), TBL(135, 45),
  TBC(180, 45), TBR(-135, 45), WL(60, 0), WR(-60, 0), LFE2(0, -30), TSL(90, 45), TSR(-90, 45),
  BFC(0, -30), BFL(45, -30), BFR(-45, -30),
  /** A channel with no known position (an unlabelled multichannel file). */
  DISCRETE(Double.NaN, Double.NaN);

  private final double azimuth;
  private final double elevation;

  Channel(double azimuth, double elevation) {
    this.azimuth = azimuth;
    this.elevation = elevation;
  }

  public double azimuth() {
    return azimuth;
  }

  public double elevation() {
    return elevation;
  }

  /** Low-frequency effects channels, which loudness measurement excludes. */
  public boolean isLfe() {
    return this == LFE || this == LFE2;
  }
}
