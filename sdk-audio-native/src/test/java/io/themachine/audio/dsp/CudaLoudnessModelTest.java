package io.themachine.audio.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.themachine.audio.internal.cpu.SubBlockGating;
import io.themachine.audio.internal.cuda.ChunkPlan;
import io.themachine.audio.internal.cuda.ChunkedKWeighting;
import io.themachine.audio.internal.cuda.CudaLoudness;
import io.themachine.audio.internal.cuda.KCoefficients;
import io.themachine.audio.internal.cuda.LoudnessGatingModel;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.ChannelLayout;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CUDA loudness path with the device replaced by its CPU model, against the scalar reference,
 * in the default suite.
 * <ul>
 *   <li>The device path ({@link LoudnessGatingModel}: {@code loudness_chunks} via
 *       {@link ChunkedKWeighting}, then {@code loudness_gating} and {@code loudness_maxima}) on
 *       every field {@code ScalarLoudness} reports (status, I, ungated estimate, LRA, max momentary
 *       and short-term over every window position, SP, TP, frames, weights, non-finite count), on
 *       programme, tones, a burst between sub-block boundaries, NaN input, 5.1, silence, and every
 *       EBU Tech 3341 / 3342 case of B's reference file: at 48 kHz those up to 20 s (the
 *       Tech 3342 LRA cases up to 40 s) in the default run, every other case and rate in the
 *       {@code slow} group.
 *   <li>The earlier host path ({@link SubBlockGating} from the chunked energies), still the model
 *       of the energies-only route.
 * </ul>
 * Tolerances: the contract's 0.001 LU (I, ungated, LRA, max M, max S) and 0.01 dB (SP, TP). The
 * device's own arithmetic is held to this model by {@code CudaLoudnessKernelGpuTest} and by
 * {@code KernelEmulationTest} (the kernel source itself run on the CPU).
 */
class CudaLoudnessModelTest {
  static final double LU = 0.001;
  static final double DB = 0.01;
  static final LoudnessOptions ALL = LoudnessOptions.full();

  /** The device path's CPU model: a {@link LoudnessResult} as {@code CudaLoudnessKernel} builds it. */
  static LoudnessResult device(AudioBuffer x, LoudnessOptions o, LoudnessGatingModel.Cost cost) {
    double[] w = ChannelWeights.of(x.layout(), o.dualMono());
    float[][] ch = new float[x.channels()][x.frames()];
    for (int c = 0; c < ch.length; c++) x.copyTo(c, 0, ch[c], 0, x.frames());
    CudaLoudness.Summary s = LoudnessGatingModel.measure(new CudaLoudness.Input(x.sampleRate(), ch, w), o.peaks(), o.maxima(),
        o.lraSampling() == LoudnessOptions.LraSampling.EVERY_100_MS, CudaLoudness.SUBS_PER_CHUNK, cost);
    return s.result(x.layout(), w, o);
  }

  /** Every field {@code ScalarLoudness} reports, within the contract's tolerances. */
  static void sameAsScalar(LoudnessResult got, LoudnessResult want, String what) {
    assertThat(got.status()).as(what).isEqualTo(want.status());
    close(got.integratedLufs(), want.integratedLufs(), LU, what + " I");
    close(got.ungatedEstimateLufs(), want.ungatedEstimateLufs(), LU, what + " ungated");
    close(got.rangeLu(), want.rangeLu(), LU, what + " LRA");
    close(got.maxMomentaryLufs(), want.maxMomentaryLufs(), LU, what + " max M");
    close(got.maxShortTermLufs(), want.maxShortTermLufs(), LU, what + " max S");
    close(got.samplePeakDbfs(), want.samplePeakDbfs(), DB, what + " SP");
    close(got.truePeakDbtp(), want.truePeakDbtp(), DB, what + " TP");
    assertThat(got.frames()).as(what).isEqualTo(want.frames());
    assertThat(got.sampleRate()).as(what).isEqualTo(want.sampleRate());
    assertThat(got.layoutName()).as(what).isEqualTo(want.layoutName());
    assertThat(got.weights()).as(what).isEqualTo(want.weights());
    assertThat(got.nonFiniteSamples()).as(what).isEqualTo(want.nonFiniteSamples());
    assertThat(got.lraSampling()).as(what).isEqualTo(want.lraSampling());
  }

  /** Equal within {@code tol}, or both NaN, or the same infinity. */
  static void close(double got, double want, double tol, String what) {
    if (Double.isNaN(want)) assertThat(got).as(what).isNaN();
    else if (Double.isInfinite(want)) assertThat(got).as(what).isEqualTo(want);
    else assertThat(got).as(what).isCloseTo(want, within(tol));
  }

  static Stream<Arguments> signals() {
    return Stream.of(
        Arguments.of("programme 48k 40 s", Signals.programme(48000, 40.0, 1, true)),
        Arguments.of("programme 44.1k 33.3 s", Signals.programme(44100, 33.3, 2, false)),
        Arguments.of("programme 96k 12 s", Signals.programme(96000, 12.0, 3, true)),
        Arguments.of("sine 1 kHz -23 dBFS 20 s", Signals.sine(48000, 1000, -23.0, 20.0)),
        Arguments.of("sine 997 Hz -3 dBFS 0.35 s (too short)", Signals.sine(48000, 997, -3.0, 0.35)));
  }

  static LoudnessResult model(AudioBuffer x, LoudnessOptions o) {
    int fs = x.sampleRate();
    double[] k = KCoefficients.forRate(fs);
    ChunkPlan plan = ChunkPlan.of(fs, k, CudaLoudness.SUBS_PER_CHUNK);
    double[] w = ChannelWeights.of(x.layout(), o.dualMono());
    double[] sum = new double[(int) plan.subBlocksWithTail(x.frames())];
    double sp = 0, tp = 0;
    for (int c = 0; c < x.channels(); c++) {
      float[] ch = new float[x.frames()];
      x.copyTo(c, 0, ch, 0, x.frames());
      double[] e = new double[sum.length];
      ChunkedKWeighting.subBlockEnergies(ch, ch.length, k, plan, e);
      for (int i = 0; i < e.length; i++) sum[i] += w[c] * e[i];
      for (float v : ch) sp = Math.max(sp, Math.abs(v));
      tp = Math.max(tp, ChunkedKWeighting.truePeak(ch, ch.length, plan));
    }
    return SubBlockGating.result(sum, x.frames(), fs, x.layout(), w, o, sp, tp, 0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("signals")
  void cudaModel_matchesScalar_withinContractTolerances(String name, AudioBuffer x) {
    LoudnessOptions o = new LoudnessOptions(true, false, false, LoudnessOptions.LraSampling.PER_SECOND);
    LoudnessResult want = new ScalarLoudness().measure(x, o);
    LoudnessResult got = model(x, o);
    assertThat(got.status()).isEqualTo(want.status());
    if (want.status() == LoudnessStatus.MEASURED) assertThat(got.integratedLufs()).isCloseTo(want.integratedLufs(), within(LU));
    assertThat(got.ungatedEstimateLufs()).isCloseTo(want.ungatedEstimateLufs(), within(LU));
    if (!Double.isNaN(want.rangeLu())) assertThat(got.rangeLu()).isCloseTo(want.rangeLu(), within(LU));
    else assertThat(got.rangeLu()).isNaN();
    assertThat(got.samplePeakDbfs()).isCloseTo(want.samplePeakDbfs(), within(DB));
    assertThat(got.truePeakDbtp()).isCloseTo(want.truePeakDbtp(), within(DB));
    assertThat(got.frames()).isEqualTo(want.frames());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("signals")
  void cudaModel_everyShortTermValue_perSubBlockSampling_matchesScalar(String name, AudioBuffer x) {
    LoudnessOptions o = new LoudnessOptions(false, false, false, LoudnessOptions.LraSampling.EVERY_100_MS);
    LoudnessResult want = new ScalarLoudness().measure(x, o);
    LoudnessResult got = model(x, o);
    if (!Double.isNaN(want.rangeLu())) assertThat(got.rangeLu()).isCloseTo(want.rangeLu(), within(LU));
    assertThat(got.truePeakDbtp()).isNaN();
  }

  @org.junit.jupiter.api.Test
  void cudaModel_monoDualMono_weighsTwo() {
    AudioBuffer st = Signals.sine(48000, 1000, -20.0, 10.0);
    float[] l = new float[st.frames()];
    st.copyTo(0, 0, l, 0, st.frames());
    AudioBuffer mono = AudioBuffer.of(48000, ChannelLayout.MONO, l);
    LoudnessOptions o = LoudnessOptions.integratedOnly().withDualMono(true);
    assertThat(model(mono, o).integratedLufs()).isCloseTo(new ScalarLoudness().measure(mono, o).integratedLufs(), within(LU));
  }

  // ---- The device path (gating and maxima kernels) against every field of the scalar reference ----

  static AudioBuffer burst(int fs) {
    // -60 dBFS noise floor; a 1 kHz tone at -14 dBFS from 0.5345 s for 0.45 s (the loudest 400 ms)
    // and one at -20 dBFS from 5.2345 s for 3.05 s (the loudest 3 s): no 400 ms or 3 s window aligned
    // on 100 ms sub-blocks lies inside either, so the maxima sit between sub-block starts.
    int n = (int) (10.0 * fs);
    float[] l = new float[n], r = new float[n];
    java.util.Random rnd = new java.util.Random(5);
    int a = (int) (0.5345 * fs), b = a + (int) (0.45 * fs);
    int a2 = (int) (5.2345 * fs), b2 = a2 + (int) (3.05 * fs);
    double amp = Math.pow(10, -14 / 20.0), amp2 = Math.pow(10, -20 / 20.0), floor = Math.pow(10, -60 / 20.0);
    for (int i = 0; i < n; i++) {
      double v = floor * (rnd.nextDouble() - 0.5);
      if (i >= a && i < b) v += amp * Math.sin(2 * Math.PI * 1000.0 * i / fs);
      if (i >= a2 && i < b2) v += amp2 * Math.sin(2 * Math.PI * 1000.0 * i / fs);
      l[i] = (float) v;
      r[i] = (float) (0.9 * v);
    }
    return AudioBuffer.of(fs, ChannelLayout.STEREO, l, r);
  }

  static AudioBuffer surround(int fs, double seconds) {
    AudioBuffer a = Signals.programme(fs, seconds, 21, true), b = Signals.programme(fs, seconds, 22, false),
        c = Signals.programme(fs, seconds, 23, false);
    return AudioBuffer.of(fs, ChannelLayout.SURROUND_5_1, a.array(0), a.array(1), b.array(0), b.array(1), c.array(0), c.array(1));
  }

  static AudioBuffer withNaN(AudioBuffer x, int at) {
    float[] l = x.array(0).clone(), r = x.array(1).clone();
    r[at] = Float.NaN;
    return AudioBuffer.of(x.sampleRate(), x.layout(), l, r);
  }

  static Stream<Arguments> deviceSignals() {
    return Stream.of(
        Arguments.of("programme 48k 40 s", Signals.programme(48000, 40.0, 1, true)),
        Arguments.of("programme 44.1k 33.3 s", Signals.programme(44100, 33.3, 2, false)),
        Arguments.of("programme 96k 12 s", Signals.programme(96000, 12.0, 3, true)),
        Arguments.of("programme 8k 9.95 s", Signals.programme(8000, 9.95, 4, true)),
        Arguments.of("sine 1 kHz -23 dBFS 20 s", Signals.sine(48000, 1000, -23.0, 20.0)),
        Arguments.of("sine 997 Hz -3 dBFS 0.35 s (too short)", Signals.sine(48000, 997, -3.0, 0.35)),
        Arguments.of("sine 997 Hz 0.45 s (one momentary window)", Signals.sine(44100, 997, -12.0, 0.45)),
        Arguments.of("sine 3 kHz 3.07 s (short-term windows at the end)", Signals.sine(48000, 3000, -9.0, 3.07)),
        Arguments.of("burst between sub-blocks 48k", burst(48000)),
        Arguments.of("burst between sub-blocks 44.1k", burst(44100)),
        Arguments.of("NaN in programme", withNaN(Signals.programme(48000, 10.0, 6, false), 123_457)),
        Arguments.of("5.1 programme 7.3 s", surround(48000, 7.3)),
        Arguments.of("silence 5 s", AudioBuffer.allocate(48000, ChannelLayout.STEREO, 5 * 48000)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deviceSignals")
  void deviceModel_everyField_matchesScalar(String name, AudioBuffer x) {
    sameAsScalar(device(x, ALL, null), new ScalarLoudness().measure(x, ALL), name);
  }

  static Stream<Arguments> every100Signals() {
    return Stream.of(
        Arguments.of("programme 44.1k 33.3 s", Signals.programme(44100, 33.3, 2, false)),
        Arguments.of("programme 8k 9.95 s", Signals.programme(8000, 9.95, 4, true)),
        Arguments.of("sine 997 Hz -3 dBFS 0.35 s (too short)", Signals.sine(48000, 997, -3.0, 0.35)),
        Arguments.of("NaN in programme", withNaN(Signals.programme(48000, 10.0, 6, false), 123_457)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("every100Signals")
  void deviceModel_every100msNoPeaksNoMaxima_matchesScalar(String name, AudioBuffer x) {
    LoudnessOptions o = LoudnessOptions.integratedOnly().withLraSampling(LoudnessOptions.LraSampling.EVERY_100_MS);
    LoudnessResult got = device(x, o, null);
    sameAsScalar(got, new ScalarLoudness().measure(x, o), name);
    assertThat(got.maxMomentaryLufs()).isNaN();
    assertThat(got.truePeakDbtp()).isNaN();
  }

  @org.junit.jupiter.api.Test
  void deviceModel_monoDualMono_matchesScalar() {
    AudioBuffer st = Signals.programme(48000, 6.0, 8, true);
    AudioBuffer mono = AudioBuffer.of(48000, ChannelLayout.MONO, st.array(0));
    LoudnessOptions o = ALL.withDualMono(true);
    sameAsScalar(device(mono, o, null), new ScalarLoudness().measure(mono, o), "dual mono");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {44100, 48000})
  void deviceModel_burstBetweenSubBlocks_findsMaximaThatAlignedWindowsMiss(int fs) {
    // Negative control: the best windows aligned on 100 ms sub-blocks read clearly lower than the
    // maxima over every position, so a device path that skipped loudness_maxima would fail above.
    AudioBuffer x = burst(fs);
    LoudnessResult exact = new ScalarLoudness().measure(x, ALL);
    LoudnessMeter m = new ScalarLoudness().meter(fs, x.layout(), ALL);
    int sub = (fs + 5) / 10;
    double alignedM = Double.NEGATIVE_INFINITY, alignedS = Double.NEGATIVE_INFINITY;
    float[][] a = {x.array(0), x.array(1)};
    for (int p = 0; p + sub <= x.frames(); p += sub) {
      m.accept(a, p, sub);
      if (p + sub >= 4 * sub) alignedM = Math.max(alignedM, m.momentary());
      if (p + sub >= 30 * sub) alignedS = Math.max(alignedS, m.shortTerm());
    }
    assertThat(exact.maxMomentaryLufs() - alignedM).isGreaterThan(0.05);
    assertThat(exact.maxShortTermLufs() - alignedS).isGreaterThan(0.01);
    LoudnessResult got = device(x, ALL, null);
    assertThat(got.maxMomentaryLufs()).isCloseTo(exact.maxMomentaryLufs(), within(LU));
    assertThat(got.maxShortTermLufs()).isCloseTo(exact.maxShortTermLufs(), within(LU));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {1, 3, 32})
  void deviceModel_otherChunkAndRunLengths_sameMaxima(int runSubs) {
    // Chunk and run lengths are tuning knobs: results equal the default layout's to rounding.
    for (AudioBuffer x : new AudioBuffer[] {burst(44100), Signals.programme(48000, 9.3, 31, true)}) {
      float[][] ch = {x.array(0), x.array(1)};
      CudaLoudness.Input in = new CudaLoudness.Input(x.sampleRate(), ch, new double[] {1, 1});
      CudaLoudness.Summary ref = LoudnessGatingModel.measure(in, true, true, false, CudaLoudness.SUBS_PER_CHUNK, null);
      CudaLoudness.Summary got = LoudnessGatingModel.measure(in, true, true, false, runSubs, runSubs, null);
      assertThat(got.maxMomentarySum()).isCloseTo(ref.maxMomentarySum(), within(1e-12 * ref.maxMomentarySum()));
      assertThat(got.maxShortTermSum()).isCloseTo(ref.maxShortTermSum(), within(1e-12 * ref.maxShortTermSum()));
      assertThat(got.gatedMeanEnergy()).isCloseTo(ref.gatedMeanEnergy(), within(1e-12 * ref.gatedMeanEnergy()));
      assertThat(got.rangeLu()).isCloseTo(ref.rangeLu(), within(1e-9));
    }
  }

  // ---- B's reference cases (EBU Tech 3341 / 3342 and the informative ones) ----

  static Stream<Arguments> caseArgs(boolean slow) {
    java.util.List<Arguments> out = new java.util.ArrayList<>();
    for (java.util.Map<String, Object> c : ReferenceCases.cases()) {
      for (int rate : ReferenceCases.RATES) {
        if (!ReferenceCases.validAt(c, rate)) continue;
        double sec = ReferenceCases.seconds(c);
        boolean isSlow = rate != 48000 || sec > (String.valueOf(c.get("id")).startsWith("3342-") ? 40 : 20);
        if (isSlow == slow) out.add(Arguments.of(c.get("id"), rate));
      }
    }
    return out.stream();
  }

  static Stream<Arguments> fastCases() {
    return caseArgs(false);
  }

  static Stream<Arguments> slowCases() {
    return caseArgs(true);
  }

  @ParameterizedTest(name = "{0} @ {1} Hz")
  @MethodSource("fastCases")
  void deviceModel_referenceCase_everyFieldMatchesScalar(String id, int rate) {
    referenceCase(id, rate);
  }

  @org.junit.jupiter.api.Tag("slow")
  @ParameterizedTest(name = "{0} @ {1} Hz")
  @MethodSource("slowCases")
  void deviceModel_referenceCaseOtherRates_everyFieldMatchesScalar(String id, int rate) {
    referenceCase(id, rate);
  }

  @SuppressWarnings("unchecked")
  static void referenceCase(String id, int rate) {
    java.util.Map<String, Object> c = ReferenceCases.byId(id);
    java.util.Map<String, Object> sig = (java.util.Map<String, Object>) c.get("signal");
    boolean dualMono = ((java.util.List<Object>) sig.get("channel_roles")).contains("dual_mono");
    java.util.List<Object> variants = (java.util.List<Object>) c.get("variants");
    int nv = variants == null ? 1 : variants.size();
    for (int v = 0; v < nv; v++) {
      java.util.List<Object> segs = (java.util.List<Object>) (variants == null ? sig.get("segments")
          : ((java.util.Map<String, Object>) variants.get(v)).get("segments"));
      AudioBuffer x = Signals.synthesize(sig, segs, rate, null);
      LoudnessOptions o = ALL.withDualMono(dualMono);
      sameAsScalar(device(x, o, null), new ScalarLoudness().measure(x, o), id + " variant " + v + " @" + rate);
    }
  }

  // ---- What the maxima cost in the model (filter steps, deterministic; printed for CUDA.md) ----

  @org.junit.jupiter.api.Test
  void deviceModel_maximaCost_isSmallOnProgrammeAndBoundedOnSteadySignals() {
    LoudnessGatingModel.Cost programme = new LoudnessGatingModel.Cost();
    device(Signals.programme(48000, 60.0, 11, true), ALL, programme);
    LoudnessGatingModel.Cost steady = new LoudnessGatingModel.Cost();
    device(Signals.sine(48000, 1000, -23.0, 60.0), ALL, steady);
    LoudnessGatingModel.Cost noise = new LoudnessGatingModel.Cost();
    device(Signals.programme(48000, 60.0, 12, false), ALL, noise);
    System.out.println("maxima cost, programme 60 s: " + programme);
    System.out.println("maxima cost, steady 1 kHz 60 s: " + steady);
    System.out.println("maxima cost, programme without clicks 60 s: " + noise);
    // Worst case bound: every run flagged; per run and kind two streams of 8 sub-blocks plus a warm-up each.
    long perRun = 2L * (8 * 4800 + 10_240) * 2; // two streams, two channels
    assertThat(steady.flaggedRuns).isEqualTo(steady.runs);
    assertThat(steady.maximaSteps).isLessThanOrEqualTo(perRun * steady.runs);
    assertThat(programme.flaggedRuns).isLessThan(programme.runs / 2);
  }
}
