package io.themachine.audio.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** YIN's spectral autocorrelation against the direct sums, and the shared real FFT at YIN's sizes against a DFT. */
class YinFramesTest {

  @Test
  void fft_forwardMatchesNaiveDft_inverseRoundTrips() {
    for (int m : new int[] {4, 8, 16, 32, 64, 128, 1024}) fftCheck(m);
  }

  private static void fftCheck(int m) {
    RealFft f = new RealFft(m);
    SplittableRandom r = new SplittableRandom(3);
    double[] x = new double[m];
    for (int i = 0; i < m; i++) x[i] = r.nextDouble() - 0.5;
    double[] re = new double[m / 2 + 1], im = new double[m / 2 + 1];
    f.forward(x, re, im);
    for (int k = 0; k <= m / 2; k++) {
      double sr = 0, si = 0;
      for (int j = 0; j < m; j++) {
        sr += x[j] * Math.cos(2 * Math.PI * j * k / m);
        si -= x[j] * Math.sin(2 * Math.PI * j * k / m);
      }
      assertThat(re[k]).isCloseTo(sr, org.assertj.core.api.Assertions.within(1e-11));
      assertThat(im[k]).isCloseTo(si, org.assertj.core.api.Assertions.within(1e-11));
    }
    double[] back = new double[m];
    f.inverse(re, im, back);
    for (int i = 0; i < m; i++) assertThat(back[i]).isCloseTo(x[i], org.assertj.core.api.Assertions.within(1e-14));
  }

  @Test
  void next_spectralVsDirect_within1e10Relative() {
    SplittableRandom r = new SplittableRandom(11);
    float[] x = new float[22050];
    for (int i = 0; i < x.length; i++) x[i] = (float) (Math.sin(i * 0.0627) * 0.7 + (r.nextDouble() - 0.5) * 0.1);
    for (int i = 9000; i < 9600; i++) x[i] = 0; // a silent stretch
    YinFrames a = new YinFrames(2048, 512, 10, 340, true, true);
    YinFrames b = new YinFrames(2048, 512, 10, 340, true, false);
    int nf = a.begin(x);
    assertThat(b.begin(x)).isEqualTo(nf).isEqualTo(44);
    double[] ya = new double[a.size()], yb = new double[b.size()];
    for (int t = 0; t < nf; t++) {
      assertThat(a.next(ya)).isTrue();
      assertThat(b.next(yb)).isTrue();
      for (int k = 0; k < ya.length; k++) {
        assertThat(ya[k]).as("frame %d lag %d", t, k).isCloseTo(yb[k], org.assertj.core.api.Assertions.within(1e-10 * Math.max(1, Math.abs(yb[k]))));
      }
    }
    assertThat(a.next(ya)).isFalse();
  }

  @Test
  void next_batchedVsPerFrameSpectral_within1e12Relative() {
    SplittableRandom r = new SplittableRandom(5);
    float[] x = new float[30000]; // 59 frames: batches of whatever the lane count is, plus a partial one
    for (int i = 0; i < x.length; i++) x[i] = (float) (Math.sin(i * 0.031) * 0.5 + (r.nextDouble() - 0.5) * 0.2);
    for (int i = 12000; i < 12800; i++) x[i] = 0;
    YinFrames a = new YinFrames(2048, 512, 10, 340, true, true, true);
    YinFrames b = new YinFrames(2048, 512, 10, 340, true, true, false);
    org.junit.jupiter.api.Assumptions.assumeTrue(a.batched(), "no Vector API batch engine here");
    assertThat(b.batched()).isFalse();
    double[] ya = new double[a.size()], yb = new double[b.size()];
    for (int pass = 0; pass < 2; pass++) { // the second pass checks that begin() resets the batch state
      int nf = a.begin(x);
      assertThat(b.begin(x)).isEqualTo(nf).isEqualTo(59);
      for (int t = 0; t < nf; t++) {
        assertThat(a.next(ya)).isTrue();
        assertThat(b.next(yb)).isTrue();
        for (int k = 0; k < ya.length; k++) {
          assertThat(ya[k]).as("frame %d lag %d", t, k).isCloseTo(yb[k], org.assertj.core.api.Assertions.within(1e-12 * Math.max(1, Math.abs(yb[k]))));
        }
      }
      assertThat(a.next(ya)).isFalse();
    }
  }
}
