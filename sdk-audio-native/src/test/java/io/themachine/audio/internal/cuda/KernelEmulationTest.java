package io.themachine.audio.internal.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernels' own sources run on the CPU. The loudness kernel's own source ({@code loudness.cu}, unchanged) runs on the CPU under a small
 * CUDA emulation ({@code emu/cuda_emu.h}: one thread per CUDA thread, a barrier per warp for
 * {@code __syncwarp} and the shuffles) and is compared with a serial double-precision reference in
 * {@code emu/loudness_emu_main.cpp}: sub-block energies within 1e-12 relative at up to 48 kHz and
 * (fs/48k)^2 times that above (a 96 kHz track is in the batch), true and sample peak exactly,
 * non-finite counts, for 1, 3 and 8 sub-blocks per chunk. This executes the warp-staged loads, the
 * chunk and sub-block bookkeeping and the true-peak tail without a GPU. The log-mel kernels
 * ({@code melspec.cu}) run the same way with an exact DFT in place of cuFFT, over three clips (one
 * shorter than n_fft) in passes that do not divide the batch, with constant and reflect padding,
 * then top_db and the MFCC DCT, against a direct reference: within C's tolerances (1e-3 dB and
 * 1e-3 MFCC). All three loudness kernels ({@code loudness_chunks}, {@code loudness_gating},
 * {@code loudness_maxima}) run over a batch laid out by {@code CudaLoudness.Plan}, outputs poisoned,
 * and their per-recording numbers become {@code LoudnessResult}s compared with {@code ScalarLoudness}
 * on every field (0.001 LU, 0.01 dB). Negative controls were run by hand: a staging row mix-up, a dropped true-peak tail,
 * a pass offset dropped in {@code mel_bands}, an off-by-one reflection, no {@code loudness_maxima}
 * launch, a relative gate at -9.5 LU, the 94th percentile and the LRA gate's bin dropped all fail. Needs g++ with C++20
 * ({@code -Dthemachine.test.cxx=...} or g++ on the PATH); skips with the reason otherwise.
 */
class KernelEmulationTest {
  @TempDir Path dir;

  static Optional<Path> cxx() {
    List<Path> c = new ArrayList<>();
    String prop = System.getProperty("themachine.test.cxx");
    if (prop != null) c.add(Path.of(prop));
    String path = System.getenv("PATH");
    if (path != null) for (String d : path.split(":")) if (!d.isBlank()) c.add(Path.of(d, "g++"));
    return c.stream().filter(Files::isExecutable).findFirst();
  }

  private void copy(String resource, String name) throws Exception {
    try (InputStream in = KernelEmulationTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      Files.write(dir.resolve(name), in.readAllBytes());
    }
  }

  private static String run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private Path cxxOrSkip() {
    Optional<Path> cxx = cxx();
    if (cxx.isEmpty()) System.out.println("emulation test skipped: g++ not found");
    assumeTrue(cxx.isPresent(), "g++ not found (set -Dthemachine.test.cxx): the kernel is not emulated");
    return cxx.get();
  }

  @Test
  void melKernels_emulatedOnCpu_matchReference() throws Exception {
    Path cxx = cxxOrSkip();
    copy("melspec.cu", "melspec.cu");
    copy("emu/cuda_emu.h", "cuda_emu.h");
    copy("emu/melspec_emu_main.cpp", "main.cpp");
    Path exe = dir.resolve("memu");
    run(List.of(cxx.toString(), "-std=c++20", "-O2", "-pthread", "-Wno-unknown-pragmas", "-o", exe.toString(),
        dir.resolve("main.cpp").toString()));
    Pattern p = Pattern.compile("max_db_diff=(\\S+) max_mfcc_diff=(\\S+) frames=(\\d+)");
    for (String reflect : List.of("0", "1")) {
      String out = run(List.of(exe.toString(), reflect));
      Matcher m = p.matcher(out);
      assertThat(m.find()).as(out).isTrue();
      assertThat(Double.parseDouble(m.group(1))).as("dB, reflect=%s", reflect).isLessThan(1e-3);
      assertThat(Double.parseDouble(m.group(2))).as("MFCC, reflect=%s", reflect).isLessThan(1e-3);
      assertThat(Integer.parseInt(m.group(3))).isGreaterThan(200);
      System.out.println("emulated mel kernels, reflect=" + reflect + ": " + out.trim());
    }
  }

  @Test
  void loudnessKernel_emulatedOnCpu_matchesSerialReference() throws Exception {
    Path cxx = cxxOrSkip();
    copy("loudness.cu", "loudness.cu");
    copy("emu/cuda_emu.h", "cuda_emu.h");
    copy("emu/loudness_emu_main.cpp", "main.cpp");
    Path exe = dir.resolve("emu");
    run(List.of(cxx.toString(), "-std=c++20", "-O2", "-pthread", "-Wno-unknown-pragmas", "-o", exe.toString(),
        dir.resolve("main.cpp").toString()));
    Pattern p = Pattern.compile("max_rel_energy=(\\S+) max_tp_diff=(\\S+) max_sp_diff=(\\S+) bad_ok=(\\d)");
    for (String subs : List.of("1", "3", "8")) {
      String out = run(List.of(exe.toString(), subs));
      Matcher m = p.matcher(out);
      assertThat(m.find()).as(out).isTrue();
      assertThat(Double.parseDouble(m.group(1))).as("energies, %s sub-blocks per chunk: %s", subs, out).isLessThan(4e-12);
      assertThat(Double.parseDouble(m.group(2))).as("true peak").isEqualTo(0.0);
      assertThat(Double.parseDouble(m.group(3))).as("sample peak").isEqualTo(0.0);
      assertThat(m.group(4)).as("non-finite counts").isEqualTo("1");
      System.out.println("emulated loudness_chunks, " + subs + " sub-blocks per chunk: " + out.trim());
    }
  }

  // ---- The whole measurement: loudness_chunks, loudness_gating, loudness_maxima against ScalarLoudness ----

  static float[] burst(int fs, double seconds, boolean right) {
    // A -60 dBFS floor, a 3.05 s tone at -20 dBFS from 1.2345 s and a 0.45 s tone at -14 dBFS from
    // 4.4345 s: no window aligned on 100 ms sub-blocks lies inside either, so both maxima sit
    // between sub-block starts and need loudness_maxima.
    int n = (int) (seconds * fs);
    float[] x = new float[n];
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(right ? 2 : 1);
    int a = (int) (1.2345 * fs), b = a + (int) (3.05 * fs), a2 = (int) (4.4345 * fs), b2 = a2 + (int) (0.45 * fs);
    for (int i = 0; i < n; i++) {
      double v = 1e-3 * (rnd.nextDouble() - 0.5);
      if (i >= a && i < b) v += 0.1 * Math.sin(2 * Math.PI * 1000.0 * i / fs);
      if (i >= a2 && i < b2) v += 0.2 * Math.sin(2 * Math.PI * 1000.0 * i / fs);
      x[i] = (float) (right ? 0.8 * v : v);
    }
    return x;
  }

  record Rec(int fs, io.themachine.spi.audio.ChannelLayout layout, float[][] channels, boolean dualMono) {}

  /**
   * Noise under a level that wanders (a random walk between -45 and 0 dB, a step every 50 ms): many
   * distinct gating blocks around the relative gate and a wide spread of short-term values, so the
   * histogram's gate and percentile bookkeeping decide the result.
   */
  static float[][] wandering(int fs, double seconds, long seed) {
    int n = (int) (seconds * fs);
    float[][] x = new float[2][n];
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
    double db = -20;
    int step = fs / 20;
    for (int i = 0; i < n; i++) {
      if (i % step == 0) db = Math.max(-45, Math.min(0, db + 6 * (rnd.nextDouble() - 0.5)));
      double v = Math.pow(10, db / 20) * (rnd.nextDouble() - 0.5);
      x[0][i] = (float) v;
      x[1][i] = (float) (0.7 * v + 0.3 * Math.pow(10, db / 20) * (rnd.nextDouble() - 0.5));
    }
    return x;
  }

  static List<Rec> batch() {
    List<Rec> recs = new ArrayList<>();
    float[] l = ChunkedKWeightingTest.signal(48000, 7.37, 1), r = ChunkedKWeightingTest.signal(48000, 7.37, 2);
    r[4321] = Float.NaN;
    recs.add(new Rec(48000, io.themachine.spi.audio.ChannelLayout.STEREO, new float[][] {l, r}, false));
    recs.add(new Rec(44100, io.themachine.spi.audio.ChannelLayout.MONO, new float[][] {ChunkedKWeightingTest.signal(44100, 3.21, 3)}, true));
    recs.add(new Rec(44100, io.themachine.spi.audio.ChannelLayout.STEREO, new float[][] {burst(44100, 5.0, false), burst(44100, 5.0, true)}, false));
    float[][] six = new float[6][];
    for (int c = 0; c < 6; c++) six[c] = ChunkedKWeightingTest.signal(96000, 3.3, 10 + c);
    recs.add(new Rec(96000, io.themachine.spi.audio.ChannelLayout.SURROUND_5_1, six, false));
    recs.add(new Rec(48000, io.themachine.spi.audio.ChannelLayout.STEREO,
        new float[][] {ChunkedKWeightingTest.signal(48000, 0.05, 4), ChunkedKWeightingTest.signal(48000, 0.05, 5)}, false));
    recs.add(new Rec(8000, io.themachine.spi.audio.ChannelLayout.STEREO, new float[][] {new float[8000], new float[8000]}, false));
    recs.add(new Rec(48000, io.themachine.spi.audio.ChannelLayout.MONO, new float[][] {ChunkedKWeightingTest.signal(48000, 0.45, 6)}, false));
    recs.add(new Rec(8000, io.themachine.spi.audio.ChannelLayout.STEREO, wandering(8000, 45.0, 7), false));
    return recs;
  }

  /** Writes {@code CudaLoudness.Plan}'s arrays as loudness_measure_emu_main.cpp reads them. */
  static void writePlan(Path file, List<CudaLoudness.Input> inputs, CudaLoudness.Plan p, int subsPerChunk, boolean peaks,
      boolean maxima, boolean every100) throws Exception {
    long bytes = 10 * 4 + 4 * 8 + 4 * p.samples + 8L * p.tracks * 4 + 4L * p.tracks * 3 + 8L * p.coefFlat.length + 4L * p.chunks * 2
        + (long) p.nRec * (4 * 5 + 8 * 2) + 4L * (2 * p.nRec + 1) + 4L * p.runs * 3;
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int v : new int[] {p.tracks, p.chunks, p.nRec, p.runs, p.gateGrid, subsPerChunk, p.runSubs, peaks ? 1 : 0,
        maxima ? 1 : 0, every100 ? 1 : 0}) b.putInt(v);
    for (long v : new long[] {p.samples, p.energyCount, p.sbTotal, p.coefFlat.length}) b.putLong(v);
    for (CudaLoudness.Input in : inputs) for (float[] c : in.channels()) for (float v : c) b.putFloat(v);
    for (long v : p.off) b.putLong(v);
    for (long v : p.len) b.putLong(v);
    for (int v : p.rt) b.putInt(v);
    for (double v : p.coefFlat) b.putDouble(v);
    for (int v : p.sb) b.putInt(v);
    for (int v : p.wu) b.putInt(v);
    for (long v : p.energyBase) b.putLong(v);
    for (int v : p.chunkTrackHost) b.putInt(v);
    for (int v : p.chunkIdx) b.putInt(v);
    for (double v : p.tw) b.putDouble(v);
    for (int[] a : new int[][] {p.rT0, p.rCh}) for (int v : a) b.putInt(v);
    for (long v : p.rFr) b.putLong(v);
    for (int v : p.rSub) b.putInt(v);
    for (long v : p.rSb) b.putLong(v);
    for (int[] a : new int[][] {p.rC0, p.rCn, p.mBase, p.mRec, p.mKind, p.mRun}) for (int v : a) b.putInt(v);
    if (b.remaining() != 0) throw new IllegalStateException("plan size " + bytes + ", written " + b.position());
    Files.write(file, b.array());
  }

  @Test
  void loudnessMeasure_emulatedOnCpu_everyFieldMatchesScalar() throws Exception {
    // The default layout, and LRA per 100 ms without peaks and maxima.
    emulateMeasure(new int[][] {{1, CudaLoudness.SUBS_PER_CHUNK, CudaLoudness.MAXIMA_RUN_SUBS}, {0, 8, 8}});
  }

  @org.junit.jupiter.api.Tag("slow")
  @Test
  void loudnessMeasure_shortChunksAndRuns_emulatedOnCpu_everyFieldMatchesScalar() throws Exception {
    // Chunks and maxima runs of 3 sub-blocks: lengths that divide nothing evenly.
    emulateMeasure(new int[][] {{1, 3, 3}});
  }

  /** Each {@code {full options?, sub-blocks per chunk, window starts per maxima run}}. */
  private void emulateMeasure(int[][] cfgs) throws Exception {
    Path cxx = cxxOrSkip();
    copy("loudness.cu", "loudness.cu");
    copy("emu/cuda_emu.h", "cuda_emu.h");
    copy("emu/loudness_measure_emu_main.cpp", "main.cpp");
    Path exe = dir.resolve("memu");
    run(List.of(cxx.toString(), "-std=c++20", "-O2", "-pthread", "-Wno-unknown-pragmas", "-o", exe.toString(),
        dir.resolve("main.cpp").toString()));
    List<Rec> recs = batch();
    List<CudaLoudness.Input> inputs = new ArrayList<>();
    for (Rec r : recs) inputs.add(new CudaLoudness.Input(r.fs(), r.channels(), io.themachine.audio.dsp.ChannelWeights.of(r.layout(), r.dualMono())));
    for (int[] cfg : cfgs) {
      boolean full = cfg[0] == 1;
      var o = full ? io.themachine.audio.dsp.LoudnessOptions.full()
          : io.themachine.audio.dsp.LoudnessOptions.integratedOnly().withLraSampling(io.themachine.audio.dsp.LoudnessOptions.LraSampling.EVERY_100_MS);
      CudaLoudness.Plan plan = new CudaLoudness.Plan(inputs, cfg[1], cfg[2]);
      Path file = dir.resolve("batch.bin");
      writePlan(file, inputs, plan, cfg[1], o.peaks(), o.maxima(), !full);
      String out = run(List.of(exe.toString(), file.toString()));
      System.out.println("emulated loudness_chunks + loudness_gating + loudness_maxima, " + (full ? "full" : "integrated only, LRA every 100 ms")
          + ", chunks of " + cfg[1] + ", runs of " + cfg[2]
          + ": " + out.lines().filter(s -> s.startsWith("runs=")).findFirst().orElse(out));
      for (int i = 0; i < recs.size(); i++) {
        Rec rec = recs.get(i);
        String line = out.lines().filter(s -> s.startsWith("rec ")).skip(recs.indexOf(rec)).findFirst().orElseThrow();
        String[] f = line.split(" ");
        int sub = (rec.fs() + 5) / 10;
        long frames = rec.channels()[0].length;
        double mm = o.maxima() && frames >= 4L * sub ? num(f[8]) : Double.NaN;
        double ms = o.maxima() && frames >= 30L * sub ? num(f[9]) : Double.NaN;
        CudaLoudness.Summary s = new CudaLoudness.Summary(rec.fs(), frames, sub, num(f[2]), num(f[3]),
            num(f[4]), o.peaks() ? num(f[5]) : Double.NaN, o.peaks() ? num(f[6]) : Double.NaN,
            (long) num(f[7]), mm, ms);
        var ax = io.themachine.spi.audio.AudioBuffer.of(rec.fs(), rec.layout(), rec.channels());
        var got = s.result(rec.layout(), inputs.get(i).weights(), o.withDualMono(rec.dualMono()));
        var want = new io.themachine.audio.dsp.ScalarLoudness().measure(ax, o.withDualMono(rec.dualMono()));
        String what = "recording " + i + (full ? " full" : " integrated only") + " " + cfg[1] + "/" + cfg[2];
        assertThat(got.status()).as(what).isEqualTo(want.status());
        near(got.integratedLufs(), want.integratedLufs(), 0.001, what + " I");
        near(got.ungatedEstimateLufs(), want.ungatedEstimateLufs(), 0.001, what + " ungated");
        near(got.rangeLu(), want.rangeLu(), 0.001, what + " LRA");
        near(got.maxMomentaryLufs(), want.maxMomentaryLufs(), 0.001, what + " max M");
        near(got.maxShortTermLufs(), want.maxShortTermLufs(), 0.001, what + " max S");
        near(got.samplePeakDbfs(), want.samplePeakDbfs(), 0.01, what + " SP");
        near(got.truePeakDbtp(), want.truePeakDbtp(), 0.01, what + " TP");
        assertThat(got.nonFiniteSamples()).as(what).isEqualTo(want.nonFiniteSamples());
        assertThat(got.weights()).as(what).isEqualTo(want.weights());
        assertThat(got.frames()).as(what).isEqualTo(want.frames());
      }
    }
  }

  static void near(double got, double want, double tol, String what) {
    if (Double.isNaN(want)) assertThat(got).as(what).isNaN();
    else if (Double.isInfinite(want)) assertThat(got).as(what).isEqualTo(want);
    else assertThat(got).as(what).isCloseTo(want, org.assertj.core.data.Offset.offset(tol));
  }

  /** printf's %g: nan, -nan, inf, -inf as well as numbers. */
  static double num(String s) {
    return switch (s) {
      case "nan", "-nan" -> Double.NaN;
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }
}
