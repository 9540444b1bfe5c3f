package io.themachine.audio.dsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.themachine.audio.internal.cpu.ComplexFft;
import io.themachine.audio.internal.cpu.RealFft;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FftTest {
  static IntStream sizes() {
    return IntStream.concat(IntStream.rangeClosed(1, 64), IntStream.of(100, 121, 243, 400, 512, 1000, 2048, 4096 + 4, 48000 / 25));
  }

  /** Naive O(n^2) DFT in double, angles reduced mod n. */
  static void naive(double[] xr, double[] xi, double[] yr, double[] yi) {
    int n = xr.length;
    for (int k = 0; k < n; k++) {
      double sr = 0, si = 0;
      for (int j = 0; j < n; j++) {
        double a = -2 * Math.PI * ((long) j * k % n) / n;
        double c = Math.cos(a), s = Math.sin(a);
        sr += xr[j] * c - xi[j] * s;
        si += xr[j] * s + xi[j] * c;
      }
      yr[k] = sr;
      yi[k] = si;
    }
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void complexForward_randomInput_matchesNaiveDft(int n) {
    Random rnd = new Random(n);
    double[] xr = new double[n], xi = new double[n];
    for (int i = 0; i < n; i++) { xr[i] = rnd.nextGaussian(); xi[i] = rnd.nextGaussian(); }
    double[] yr = new double[n], yi = new double[n];
    naive(xr, xi, yr, yi);
    double[] r = xr.clone(), im = xi.clone();
    new ComplexFft(n).forward(r, im);
    double tol = 1e-12 * n * Math.sqrt(n) + 1e-12;
    for (int k = 0; k < n; k++) {
      assertThat(Math.abs(r[k] - yr[k]) + Math.abs(im[k] - yi[k])).as("n=%d bin %d", n, k).isLessThan(tol);
    }
    new ComplexFft(n).inverse(r, im);
    for (int i = 0; i < n; i++) assertThat(Math.abs(r[i] - xr[i]) + Math.abs(im[i] - xi[i])).isLessThan(1e-12 * n + 1e-13);
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void vectorStages_randomInput_matchScalarReference(int n) {
    org.junit.jupiter.api.Assumptions.assumeTrue(ComplexFft.vectorAvailable(),
        "Vector API not usable here (needs --add-modules jdk.incubator.vector)");
    Random rnd = new Random(77L * n);
    double[] xr = new double[n], xi = new double[n];
    for (int i = 0; i < n; i++) { xr[i] = rnd.nextGaussian(); xi[i] = rnd.nextGaussian(); }
    double[] ar = xr.clone(), ai = xi.clone(), br = xr.clone(), bi = xi.clone();
    new ComplexFft(n, false).forward(ar, ai);
    new ComplexFft(n, true).forward(br, bi);
    for (int k = 0; k < n; k++) assertThat(Math.abs(ar[k] - br[k]) + Math.abs(ai[k] - bi[k])).isLessThan(1e-12 * n + 1e-13);
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void realForward_randomInput_matchesNaiveDftAndParseval(int n) {
    Random rnd = new Random(31L * n);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = rnd.nextGaussian();
    double[] yr = new double[n], yi = new double[n];
    naive(x, new double[n], yr, yi);
    RealFft fft = new RealFft(n);
    double[] re = new double[fft.bins()], im = new double[fft.bins()];
    fft.forward(x, re, im);
    double tol = 1e-12 * n * Math.sqrt(n) + 1e-12;
    for (int k = 0; k < fft.bins(); k++) {
      assertThat(Math.abs(re[k] - yr[k]) + Math.abs(im[k] - yi[k])).as("n=%d bin %d", n, k).isLessThan(tol);
    }
    // Parseval: sum x^2 = (1/n) sum_k |X_k|^2 over the full (Hermitian) spectrum
    double time = 0, freq = 0;
    for (double v : x) time += v * v;
    for (int k = 0; k < n; k++) {
      int b = k < fft.bins() ? k : n - k;
      freq += re[b] * re[b] + im[b] * im[b];
    }
    assertThat(Math.abs(freq / n - time) / time).isLessThan(1e-12 * n);
    double[] back = new double[n];
    fft.inverse(re, im, back);
    for (int i = 0; i < n; i++) assertThat(Math.abs(back[i] - x[i])).isLessThan(1e-12 * n + 1e-13);
  }
}
