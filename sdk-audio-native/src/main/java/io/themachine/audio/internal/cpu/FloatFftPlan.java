package io.themachine.audio.internal.cpu;

/**
 * The float32 engine's plan for a real size {@code n}: the {@link ComplexFft} stages of {@code n / 2}
 * (radix 4 first, then 2, 3, 5) with their twiddles, and the split twiddles {@code e^{-2 pi i k / n}},
 * all computed in double and rounded once to float.
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
    ComplexFft plan = new ComplexFft(h, false);
    radix = plan.radices();
    twOffset = plan.twiddleOffsets();
    double[] dr = plan.twiddleRe(), di = plan.twiddleIm();
    twRe = new float[dr.length];
    twIm = new float[di.length];
    for (int i = 0; i < dr.length; i++) {
      twRe[i] = (float) dr[i];
      twIm[i] = (float) di[i];
    }
    wr = new float[h + 1];
    wi = new float[h + 1];
    for (int k = 0; k <= h; k++) {
      double a = -2.0 * Math.PI * k / n;
      wr[k] = (float) Math.cos(a);
      wi[k] = (float) Math.sin(a);
    }
  }
}
