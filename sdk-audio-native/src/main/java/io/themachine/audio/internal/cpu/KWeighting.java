package io.themachine.audio.internal.cpu;

/**
 * The K-weighting filter of ITU-R BS.1770-4 Annex 1 (pre-filter shelf, then the RLB high-pass),
 * designed at any sample rate from the analogue prototype through the bilinear transform with the
 * constants libebur128 1.2.6 derived from the Recommendation's 48 kHz table. At 48 kHz this
 * reproduces that table; at other rates it agrees with libebur128 to double precision.
 *
 * <p>Trap: the high-pass numerator is {@code [1, -2, 1]}, <em>not</em> divided by its {@code a0},
 * exactly as in the Recommendation's table and in libebur128; dividing it would change low-rate
 * readings (25 Hz at 8 kHz by 0.21 LU) and break agreement with the reference.
 *
 * @param b0 shelf numerator
 * @param b1 shelf numerator
 * @param b2 shelf numerator
 * @param a1 shelf denominator (a0 = 1)
 * @param a2 shelf denominator
 * @param c1 high-pass denominator (numerator 1, -2, 1)
 * @param c2 high-pass denominator
 */
public record KWeighting(double b0, double b1, double b2, double a1, double a2, double c1, double c2) {

  /** Designs the filter for {@code sampleRate} Hz. */
  public static KWeighting forRate(int sampleRate) {
    double fs = sampleRate;
    // Pre-filter (high shelf, +4 dB): libebur128 ebur128_init_filter.
    double f0 = 1681.974450955533;
    double g = 3.999843853973347;
    double q = 0.7071752369554196;
    double k = Math.tan(Math.PI * f0 / fs);
    double vh = Math.pow(10.0, g / 20.0);
    double vb = Math.pow(vh, 0.4996667741545416);
    double a0 = 1.0 + k / q + k * k;
    double b0 = (vh + vb * k / q + k * k) / a0;
    double b1 = 2.0 * (k * k - vh) / a0;
    double b2 = (vh - vb * k / q + k * k) / a0;
    double a1 = 2.0 * (k * k - 1.0) / a0;
    double a2 = (1.0 - k / q + k * k) / a0;
    // RLB high-pass.
    f0 = 38.13547087602444;
    q = 0.5003270373238773;
    k = Math.tan(Math.PI * f0 / fs);
    double h0 = 1.0 + k / q + k * k;
    double c1 = 2.0 * (k * k - 1.0) / h0;
    double c2 = (1.0 - k / q + k * k) / h0;
    return new KWeighting(b0, b1, b2, a1, a2, c1, c2);
  }
}
