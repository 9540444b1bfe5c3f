package io.themachine.audio.internal.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The device-resident HPSS pipeline ({@link CudaHpss}: frames, cuFFT R2C, medians, masks, cuFFT
 * C2R, overlap-add) against the CPU path ({@link HpssModel#separate}: {@code Stft}, exact medians,
 * librosa masks, {@code Stft.inverse}) on stereo interleaved PCM: both stems within 1e-4 absolute
 * on the waveform (float cuFFT against the double CPU FFT), for the benchmark's shape (2048/512,
 * kernel 31) and for margins (with the residual stem), power 1, unequal widths above the register
 * path and reflect padding;
 * a second, shorter run on the same object (new cuFFT plans) too; and 10 s in blocks of 3 s with
 * context (device memory bounded by the block) against the CPU path on the whole signal.
 */
@Tag("gpu")
class CudaHpssGpuTest {
  @BeforeEach
  void gpu() {
    GpuAssume.cufft();
  }

  static float[] stereo(int n, long seed) {
    float[] x = new float[2 * n];
    java.util.Random r = new java.util.Random(seed);
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 2; c++) {
        double tone = 0.3 * Math.sin(2 * Math.PI * (440 + 55 * c) * i / 44100.0) + 0.1 * Math.sin(2 * Math.PI * 3111 * i / 44100.0);
        double click = i % 11025 < 40 ? 0.7 * Math.exp(-(i % 11025) / 8.0) : 0;
        x[2 * i + c] = (float) (tone + click + 0.01 * (r.nextFloat() - 0.5));
      }
    }
    return x;
  }

  static double maxDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double m = 0;
    for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
    return m;
  }

  void check(CudaHpss.Params p, int samples, int... shorter) {
    float[] x = stereo(samples, samples);
    try (CudaContext ctx = CudaContext.open(); CudaStream s = CudaStream.create(ctx); CudaHpss h = new CudaHpss(ctx, null, p, 2, samples)) {
      for (int n : concat(samples, shorter)) {
        float[] in = java.util.Arrays.copyOf(x, 2 * n);
        CudaHpss.Stems got = h.separate(in, s);
        float[][] want = HpssModel.separate(p, in, 2);
        assertThat(maxDiff(got.harmonic(), want[0])).as("%s harmonic, %d samples", p, n).isLessThan(1e-4);
        assertThat(maxDiff(got.percussive(), want[1])).as("%s percussive, %d samples", p, n).isLessThan(1e-4);
        if (p.hasResidual()) assertThat(maxDiff(got.residual(), want[2])).as("%s residual, %d samples", p, n).isLessThan(1e-4);
        else assertThat(got.residual()).isNull();
      }
    }
  }

  static int[] concat(int a, int[] rest) {
    int[] r = new int[rest.length + 1];
    r[0] = a;
    System.arraycopy(rest, 0, r, 1, rest.length);
    return r;
  }

  @Test
  void separate_benchmarkShape_matchesCpuPathWithin1e4() {
    check(CudaHpss.Params.librosa(2048, 512, 31), 3 * 44100 + 17, 44100);
  }

  @Test
  void separate_marginsPowerOneWideKernelsReflect_matchesCpuPathWithin1e4() {
    check(new CudaHpss.Params(1024, 256, 71, 9, 1.0, 2f, 1.5f, true), 2 * 44100 + 3, 5000);
  }

  @Test
  void separateInBlocks_boundedMemory_matchesCpuPathOnTheWholeSignal() {
    CudaHpss.Params p = CudaHpss.Params.librosa(2048, 512, 31);
    float[] x = stereo(10 * 44100 + 123, 5);
    try (CudaContext ctx = CudaContext.open(); CudaStream s = CudaStream.create(ctx); CudaHpss h = CudaHpss.forBlocks(ctx, null, p, 2, 3 * 44100)) {
      CudaHpss.Stems got = h.separateInBlocks(x, 3 * 44100, s);
      float[][] want = HpssModel.separate(p, x, 2);
      assertThat(maxDiff(got.harmonic(), want[0])).as("harmonic").isLessThan(1e-4);
      assertThat(maxDiff(got.percussive(), want[1])).as("percussive").isLessThan(1e-4);
    }
  }
}
