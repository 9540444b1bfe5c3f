package io.themachine.audio.internal.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/**
 * The loudness kernels on the device against their CPU models ({@link ChunkedKWeighting} and
 * {@link LoudnessGatingModel}, held to the serial filter and to {@code ScalarLoudness} in the
 * default suite): sub-block energies within 1e-10 relative (the device may contract multiply-adds
 * into FMAs), peaks within 1e-12, non-finite counts exact; then the whole measurement (gating,
 * LRA, maxima over every window position): gated mean, total and maximum window energies within
 * 1e-9 relative, LRA within 1e-6 LU (the histogram's sums are accumulated by atomics in any order;
 * a block's energy landing on the other side of a 0.01 LU bin edge would need a 1e-12 relative
 * coincidence). A batch of mixed rates, lengths (including one shorter than a sub-block, one
 * shorter than a momentary window, one of 3.07 s) and channel counts.
 */
@Tag("gpu")
class CudaLoudnessKernelGpuTest {
  @BeforeEach
  void gpu() {
    GpuAssume.cuda();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {1, 3, CudaLoudness.SUBS_PER_CHUNK})
  void batch_mixedRatesAndLengths_matchesTheCpuModel(int subsPerChunk) {
    int[] rates = {48000, 44100, 96000, 48000, 8000};
    double[] seconds = {7.37, 12.0, 3.05, 0.05, 1.0};
    int[] channels = {2, 1, 6, 2, 1};
    List<CudaLoudness.Input> inputs = new java.util.ArrayList<>();
    for (int r = 0; r < rates.length; r++) {
      float[][] ch = new float[channels[r]][];
      for (int c = 0; c < ch.length; c++) ch[c] = ChunkedKWeightingTest.signal(rates[r], seconds[r], 31L * r + c);
      if (r == 0) ch[1][4321] = Float.NaN;
      double[] w = new double[ch.length];
      java.util.Arrays.fill(w, 1.0);
      if (ch.length == 6) w[3] = 0.0; // LFE
      inputs.add(new CudaLoudness.Input(rates[r], ch, w));
    }
    try (CudaContext ctx = CudaContext.open(); CudaStream s = CudaStream.create(ctx);
        CudaLoudness k = new CudaLoudness(ctx, null, subsPerChunk); CudaLoudness.Batch b = k.upload(inputs)) {
      k.run(b, true, s);
      s.synchronize();
      List<CudaLoudness.Raw> got = k.results(b, true);
      for (int r = 0; r < rates.length; r++) {
        CudaLoudness.Input in = inputs.get(r);
        double[] coef = KCoefficients.forRate(in.sampleRate());
        ChunkPlan plan = ChunkPlan.of(in.sampleRate(), coef, subsPerChunk);
        double[] want = new double[(int) plan.subBlocksWithTail(in.frames())];
        double sp = 0, tp = 0;
        for (int c = 0; c < in.channels().length; c++) {
          double[] e = new double[want.length];
          ChunkedKWeighting.subBlockEnergies(in.channels()[c], (int) in.frames(), coef, plan, e);
          for (int i = 0; i < e.length; i++) want[i] += in.weights()[c] * e[i];
          for (float v : in.channels()[c]) if (Float.isFinite(v)) sp = Math.max(sp, Math.abs(v));
          tp = Math.max(tp, ChunkedKWeighting.truePeak(in.channels()[c], (int) in.frames(), plan));
        }
        CudaLoudness.Raw raw = got.get(r);
        assertThat(raw.subBlockEnergies()).hasSameSizeAs(want);
        assertThat(ChunkedKWeightingTest.maxRelError(raw.subBlockEnergies(), want)).as("recording %d", r).isLessThan(1e-10);
        assertThat(raw.samplePeak()).isEqualTo(sp);
        assertThat(raw.truePeak()).isCloseTo(tp, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(raw.nonFinite()).isEqualTo(r == 0 ? 1 : 0);
      }
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void measure_mixedBatch_matchesTheGatingModel(boolean every100) {
    int[] rates = {48000, 44100, 96000, 48000, 8000, 48000};
    double[] seconds = {37.37, 12.0, 3.07, 0.05, 1.0, 0.45};
    int[] channels = {2, 1, 6, 2, 1, 2};
    List<CudaLoudness.Input> inputs = new java.util.ArrayList<>();
    for (int r = 0; r < rates.length; r++) {
      float[][] ch = new float[channels[r]][];
      for (int c = 0; c < ch.length; c++) ch[c] = ChunkedKWeightingTest.signal(rates[r], seconds[r], 17L * r + c);
      if (r == 0) ch[1][4321] = Float.NaN;
      double[] w = new double[ch.length];
      java.util.Arrays.fill(w, 1.0);
      if (ch.length == 6) w[3] = 0.0;
      inputs.add(new CudaLoudness.Input(rates[r], ch, w));
    }
    try (CudaContext ctx = CudaContext.open(); CudaStream s = CudaStream.create(ctx);
        CudaLoudness k = new CudaLoudness(ctx, null); CudaLoudness.Batch b = k.upload(inputs)) {
      k.measure(b, true, true, every100, s);
      s.synchronize();
      List<CudaLoudness.Summary> got = k.summaries(b, true, true);
      for (int r = 0; r < rates.length; r++) {
        CudaLoudness.Summary want = LoudnessGatingModel.measure(inputs.get(r), true, true, every100, CudaLoudness.SUBS_PER_CHUNK, null);
        CudaLoudness.Summary g = got.get(r);
        String what = "recording " + r;
        rel(g.gatedMeanEnergy(), want.gatedMeanEnergy(), 1e-9, what + " gated mean");
        rel(g.totalEnergy(), want.totalEnergy(), 1e-9, what + " total");
        rel(g.maxMomentarySum(), want.maxMomentarySum(), 1e-9, what + " max momentary");
        rel(g.maxShortTermSum(), want.maxShortTermSum(), 1e-9, what + " max short-term");
        if (Double.isNaN(want.rangeLu())) assertThat(g.rangeLu()).as(what).isNaN();
        else assertThat(g.rangeLu()).as(what + " LRA").isCloseTo(want.rangeLu(), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(g.samplePeak()).as(what).isEqualTo(want.samplePeak());
        assertThat(g.truePeak()).as(what).isCloseTo(want.truePeak(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(g.nonFinite()).as(what).isEqualTo(want.nonFinite());
      }
    }
  }

  static void rel(double got, double want, double tol, String what) {
    if (Double.isNaN(want)) {
      assertThat(got).as(what).isNaN();
      return;
    }
    assertThat(Math.abs(got - want)).as(what + ": " + got + " vs " + want).isLessThanOrEqualTo(tol * Math.abs(want));
  }
}
