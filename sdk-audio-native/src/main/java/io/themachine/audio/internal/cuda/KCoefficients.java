package io.themachine.audio.internal.cuda;

/**
 * The K-weighting cascade's coefficients {@code {b0, b1, b2, a1, a2, c1, c2}} as the kernel takes
 * them: ITU-R BS.1770-4 Annex 1 pre-filter (high shelf) and RLB high-pass (numerator 1, -2, 1, not
 * normalised), designed for any rate by the bilinear transform with libebur128 1.2.6's analogue
 * constants; at 48 kHz this is the Recommendation's table. Same design as the CPU kernels' filter.
 */
public final class KCoefficients {
  private KCoefficients() {}

  public static double[] forRate(int sampleRate) {
    double fs = sampleRate;
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
    f0 = 38.13547087602444;
    q = 0.5003270373238773;
    k = Math.tan(Math.PI * f0 / fs);
    double h0 = 1.0 + k / q + k * k;
    double c1 = 2.0 * (k * k - 1.0) / h0;
    double c2 = (1.0 - k / q + k * k) / h0;
    return new double[] {b0, b1, b2, a1, a2, c1, c2};
  }
}
