package io.themachine.audio.internal.cpu;

/**
 * The float32 engine's plan for a real size {@code n}: Stockham stages of {@code n / 2} as in
 * {@link ComplexFft} but radix 8 first where it helps (then 4, 2, 3, 5), their twiddles, and the split twiddles
 * {@code e^{-2 pi i k / n}}, all computed in double and rounded once to float.
 */
final class FloatFftPlan {
  final int n;
  final int h;
  final int[] radix;
  final int[] twOffset;
  final float[] twRe;
  final float[] twIm;
  final float[] wr;
  final float[] wi;

  FloatFftPlan(int n) {
    if (!FloatBatchRfft.supports(n)) throw new IllegalArgumentException("float FFT: size " + n + " is not even with radices 2, 3, 5");
    this.n = n;
    this.h = n / 2;
    // Radix 8 first (one pass fewer: 200 = 8 5 5 instead of 4 2 5 5), then 4, 2, 3, 5; but not
    // when h is a multiple of 64: a stage reads its r inputs h / r values apart, which for such h
    // at 16 lanes is a multiple of 4 KB, so 8 inputs from each of two arrays fall into one 8-way L1
    // set and evict each other (n = 2048 ran twice as slow with radix 8; radix 4 stays within the ways).
    // Twiddles as ComplexFft computes them: w_len^{p u}, angle reduced mod len, in double.
    int[] f = new int[32];
    int k = 0;
    int rest = h;
    while (h % 64 != 0 && rest % 8 == 0) { f[k++] = 8; rest /= 8; }
    while (rest % 4 == 0) { f[k++] = 4; rest /= 4; }
    while (rest % 2 == 0) { f[k++] = 2; rest /= 2; }
    while (rest % 3 == 0) { f[k++] = 3; rest /= 3; }
    while (rest % 5 == 0) { f[k++] = 5; rest /= 5; }
    radix = java.util.Arrays.copyOf(f, k);
    twOffset = new int[k + 1];
    int len = h, total = 0;
    for (int st = 0; st < k; st++) {
      twOffset[st] = total;
      total += (len / radix[st]) * (radix[st] - 1);
      len /= radix[st];
    }
    twOffset[k] = total;
    twRe = new float[total];
    twIm = new float[total];
    len = h;
    for (int st = 0; st < k; st++) {
      int r = radix[st], m = len / r, o = twOffset[st];
      for (int p = 0; p < m; p++) {
        for (int u = 1; u < r; u++) {
          long pu = ((long) p * u) % len;
          double a = -2.0 * Math.PI * pu / len;
          twRe[o + p * (r - 1) + u - 1] = (float) Math.cos(a);
          twIm[o + p * (r - 1) + u - 1] = (float) Math.sin(a);
        }
      }
      len /= r;
    }
    wr = new float[h + 1];
    wi = new float[h + 1];
    for (int b = 0; b <= h; b++) {
      double a = -2.0 * Math.PI * b / n;
      wr[b] = (float) Math.cos(a);
      wi[b] = (float) Math.sin(a);
    }
  }
}
