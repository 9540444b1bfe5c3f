package io.themachine.audio.internal.cpu;

/**
 * scipy.ndimage's {@code mode='reflect'} (half-sample symmetric, {@code d c b a | a b c d | d c b a},
 * period {@code 2 n}, repeated when the window is longer than the line) for a window of
 * {@code width} with origin 0: {@code width / 2} values before the line, {@code width - 1 - width / 2} after.
 */
final class Reflect {
  private Reflect() {}

  /** The source index of extended position {@code i} (may be negative or past the end) on a line of {@code n}. */
  static int index(int i, int n) {
    int p = 2 * n;
    int m = i % p;
    if (m < 0) m += p;
    return m < n ? m : p - 1 - m;
  }

  /** Copies line {@code x[off + i * stride]}, {@code i < n}, into {@code ext[0 .. n + width - 1)} extended on both sides. */
  static void extend(float[] x, int off, int stride, int n, int width, float[] ext) {
    int before = width / 2;
    int total = n + width - 1;
    for (int e = 0; e < total; e++) {
      int i = e - before;
      if (i < 0 || i >= n) i = index(i, n);
      ext[e] = x[off + i * stride];
    }
  }
}
