package io.themachine.audio.internal.cpu;

/**
 * The filter of a rational resampler {@code L / M} (rates reduced by their gcd), described as a
 * function of output phase {@code j} ({@code 0 <= j < L}) and input offset {@code o}: output sample
 * {@code y[L m + j] = sum_o tap(j, o) x[M m + o]}, with taps non-zero only for
 * {@code firstOffset(j) <= o < firstOffset(j) + taps()}.
 *
 * <p>Two designs: {@link #torchaudio} reproduces {@code torchaudio.functional.resample} 0.13
 * ({@code _get_sinc_resample_kernel}: Hann-windowed sinc, {@code lowpass_filter_width} 6, rolloff
 * 0.99) expression by expression; {@link #kaiser} is a Kaiser-windowed sinc for high quality.
 */
public abstract sealed class PolyphaseDesign {
  final int up; // L
  final int down; // M
  final int taps; // K, uniform over phases (zero-padded)
  final int[] firstOffset; // per phase

  PolyphaseDesign(int up, int down, double halfWidth) {
    this.up = up;
    this.down = down;
    firstOffset = new int[up];
    int k = 0;
    for (int j = 0; j < up; j++) {
      double c = (double) j * down / up;
      int lo = (int) Math.ceil(c - halfWidth);
      int hi = (int) Math.floor(c + halfWidth);
      firstOffset[j] = lo;
      k = Math.max(k, hi - lo + 1);
    }
    taps = k;
  }

  public int up() {
    return up;
  }

  public int down() {
    return down;
  }

  public int taps() {
    return taps;
  }

  public int firstOffset(int phase) {
    return firstOffset[phase];
  }

  /** The coefficient of input offset {@code o} (relative to {@code M m}) for output phase {@code j}. */
  public abstract double tap(int j, long o);

  /** Fills {@code dst[0..taps)} with phase {@code j}'s coefficients, starting at {@link #firstOffset}. */
  public void fill(int j, double[] dst, int dstOff) {
    int o0 = firstOffset[j];
    for (int q = 0; q < taps; q++) dst[dstOff + q] = tap(j, o0 + q);
  }

  static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  /** torchaudio 0.13 {@code sinc_interp_hann}; {@code width} is {@code lowpass_filter_width}. */
  public static PolyphaseDesign torchaudio(int fromRate, int toRate, int width, double rolloff) {
    if (fromRate == toRate) return new Identity(); // torchaudio returns the waveform unchanged
    int g = gcd(fromRate, toRate);
    return new Torchaudio(toRate / g, fromRate / g, width, rolloff);
  }

  /**
   * Kaiser-windowed sinc. The passband runs to {@code passband} times the lower Nyquist frequency,
   * the stopband starts at that Nyquist frequency, attenuation {@code attenuationDb}; length from
   * Kaiser's formula {@code N = (A - 8) / (2.285 dw)}.
   */
  public static PolyphaseDesign kaiser(int fromRate, int toRate, double passband, double attenuationDb) {
    if (fromRate == toRate) return new Identity();
    int g = gcd(fromRate, toRate);
    return new Kaiser(toRate / g, fromRate / g, passband, attenuationDb);
  }

  /** Equal rates: a copy. */
  static final class Identity extends PolyphaseDesign {
    Identity() {
      super(1, 1, 0.0);
    }

    @Override
    public double tap(int j, long o) {
      return o == 0 ? 1.0 : 0.0;
    }
  }

  static final class Torchaudio extends PolyphaseDesign {
    private final int width;
    private final double base;
    private final double scale;

    Torchaudio(int up, int down, int width, double rolloff) {
      // Taps with |u| >= width are sinc(+-width) * cos(+-pi/2)^2 ~ 1e-33: dropped.
      super(up, down, width * (double) down / (Math.min(up, down) * rolloff));
      this.width = width;
      this.base = Math.min(up, down) * rolloff;
      this.scale = base / down;
    }

    @Override
    public double tap(int j, long o) {
      // torchaudio: t = (-j / new + i / orig) * base, clamped, window cos(t pi / w / 2)^2, sinc(t) * window * scale
      double t = (-(double) j / up + (double) o / down) * base;
      t = Math.max(-width, Math.min(width, t));
      double c = Math.cos(t * Math.PI / width / 2);
      double window = c * c;
      t *= Math.PI;
      double k = t == 0 ? 1.0 : Math.sin(t) / t;
      return k * (window * scale);
    }
  }

  static final class Kaiser extends PolyphaseDesign {
    private final double fc; // cutoff, cycles per input sample
    private final double beta;
    private final double halfWidth;
    private final double i0Beta;

    private Kaiser(int up, int down, double passband, double att, double halfWidth) {
      super(up, down, halfWidth);
      double nyq = 0.5 * Math.min(up, down) / down; // lower Nyquist, cycles per input sample
      this.fc = 0.5 * (passband + 1.0) * nyq;
      this.beta = att > 50 ? 0.1102 * (att - 8.7) : 0.5842 * Math.pow(att - 21, 0.4) + 0.07886 * (att - 21);
      this.halfWidth = halfWidth;
      this.i0Beta = besselI0(beta);
    }

    Kaiser(int up, int down, double passband, double att) {
      this(up, down, passband, att, halfWidth(up, down, passband, att));
    }

    static double halfWidth(int up, int down, double passband, double att) {
      double nyq = 0.5 * Math.min(up, down) / down;
      double dw = 2 * Math.PI * (1.0 - passband) * nyq;
      double n = (att - 8) / (2.285 * dw);
      return Math.ceil(n / 2) + 1;
    }

    @Override
    public double tap(int j, long o) {
      double d = (double) (o * up - (long) j * down) / up;
      double r = d / halfWidth;
      if (r <= -1 || r >= 1) return 0;
      double x = 2 * fc * d;
      double sinc = x == 0 ? 1.0 : Math.sin(Math.PI * x) / (Math.PI * x);
      return 2 * fc * sinc * besselI0(beta * Math.sqrt(1 - r * r)) / i0Beta;
    }
  }

  /** Modified Bessel function of the first kind, order 0, by its power series (converges for all x). */
  static double besselI0(double x) {
    double sum = 1, term = 1, q = x * x / 4;
    for (int k = 1; k < 500; k++) {
      term *= q / ((double) k * k);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return sum;
  }
}
