package io.themachine.audio.dsp;

/** Analysis windows, periodic ({@code scipy.signal.get_window(..., fftbins=True)}, {@code torch.hann_window}) or symmetric. */
public enum Window {
  /** {@code 0.5 - 0.5 cos(2 pi n / M)}. */
  HANN,
  /** {@code 0.54 - 0.46 cos(2 pi n / M)}. */
  HAMMING,
  /** All ones. */
  RECTANGULAR;

  /** {@code length} values; {@code M = length} when periodic, {@code length - 1} when symmetric. */
  public double[] values(int length, boolean periodic) {
    double[] w = new double[length];
    if (length == 1) { w[0] = 1.0; return w; }
    double m = periodic ? length : length - 1;
    for (int i = 0; i < length; i++) {
      double c = Math.cos(2.0 * Math.PI * i / m);
      w[i] = switch (this) {
        case HANN -> 0.5 - 0.5 * c;
        case HAMMING -> 0.54 - 0.46 * c;
        case RECTANGULAR -> 1.0;
      };
    }
    return w;
  }

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
