package io.themachine.audio.internal.cpu;

/**
 * numpy's pairwise summation ({@code numpy/core/src/umath/loops_utils.h.src},
 * {@code pairwise_sum_DOUBLE}, block size 128, eight-way unrolled), reproduced where a result must
 * round exactly as numpy's {@code sum} does (pYIN's transition rows, whose log values decide ties).
 */
final class NumpySum {
  private NumpySum() {}

  static double pairwise(double[] a, int off, int n) {
    if (n < 8) {
      double res = 0.0; // numpy starts from -0.0 for n < 8; the same for these sums
      for (int i = 0; i < n; i++) res += a[off + i];
      return res;
    } else if (n <= 128) {
      double r0 = a[off], r1 = a[off + 1], r2 = a[off + 2], r3 = a[off + 3];
      double r4 = a[off + 4], r5 = a[off + 5], r6 = a[off + 6], r7 = a[off + 7];
      int i;
      for (i = 8; i < n - (n % 8); i += 8) {
        r0 += a[off + i];
        r1 += a[off + i + 1];
        r2 += a[off + i + 2];
        r3 += a[off + i + 3];
        r4 += a[off + i + 4];
        r5 += a[off + i + 5];
        r6 += a[off + i + 6];
        r7 += a[off + i + 7];
      }
      double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
      for (; i < n; i++) res += a[off + i];
      return res;
    } else {
      int n2 = n / 2;
      n2 -= n2 % 8;
      return pairwise(a, off, n2) + pairwise(a, off + n2, n - n2);
    }
  }
}
