package io.themachine.benchmarks;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import io.themachine.audio.internal.cuda.ChunkPlan;
import io.themachine.audio.internal.cuda.ChunkedKWeighting;
import io.themachine.audio.internal.cuda.Cuda;
import io.themachine.audio.internal.cuda.CudaContext;
import io.themachine.audio.internal.cuda.CudaLoudness;
import io.themachine.audio.internal.cuda.CudaMel;
import io.themachine.audio.internal.cuda.CudaStream;
import io.themachine.audio.internal.cuda.DeviceBuffer;
import io.themachine.audio.internal.cuda.KCoefficients;
import io.themachine.audio.internal.cuda.LoudnessGatingModel;
import io.themachine.audio.internal.cuda.MelParams;
import io.themachine.audio.internal.cuda.PinnedBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CUDA kernels on a device-resident batch ({@code files} recordings of {@code seconds} s,
 * stereo float32 at {@code rate} Hz for loudness; their first channels, mono, for log-mel
 * 2048/512/128 Slaney), one op = the whole batch, stream synchronised. Loudness ops: {@code loudness}
 * (everything {@code LoudnessOptions.full()} reports), {@code loudnessNoMaxima}, {@code
 * loudnessNoPeaks} (I + LRA), {@code loudnessFusedPass} (the first kernel alone). Beside them, in the same
 * run: cuFFT alone on the same frames ({@code fftOnly}: framing + R2C), a device-to-device copy of
 * the loudness input (the bandwidth ceiling), a pinned host-to-device copy of it, and loudness fed
 * from pinned memory in 8 slices on two streams (copy of slice i+1 overlapping the kernel of slice
 * i). {@code scripts/gpu-bench.sh} turns the scores into TB/s, audio seconds per second and ratios,
 * and runs the torchaudio peer in the same session.
 *
 * <p>{@code @Setup} checks the kernels: loudness energies and true peak of the first recording
 * against the CPU model within 1e-10 relative, its gated mean, total and maximum window energies
 * within 1e-9 relative and LRA within 1e-6 LU of {@code LoudnessGatingModel}; three log-mel frames against a direct DFT in double
 * within 1e-3 relative (float FFT). A fast wrong kernel fails loudly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx48g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CudaBenchmark {
  @Param("64")
  public int files;

  @Param("60")
  public int seconds;

  @Param("48000")
  public int rate;

  /**
   * The loudness input: {@code noise} (steady: every run of window starts is a maxima candidate,
   * the maxima kernel's worst case) or {@code programme} (the noise under a level that changes
   * every second, as programme material does: most runs are pruned).
   */
  @Param("noise")
  public String signal;

  /** Loudness chunk length in 100 ms sub-blocks (tuning: -p subsPerChunk=2,4,8,16). */
  @Param("8")
  public int subsPerChunk;

  /** Window starts per maxima thread (tuning: -p maximaRunSubs=4,8,16,32; same results). */
  @Param("8")
  public int maximaRunSubs;

  static final int SLICES = 8;
  static final int N_FFT = 2048, HOP = 512, N_MELS = 128;

  private CudaContext ctx;
  private CudaStream s1, s2;
  private CudaLoudness loud;
  private CudaLoudness.Batch batch;
  private final List<CudaLoudness.Batch> slices = new ArrayList<>();
  private final List<Long> sliceOffsets = new ArrayList<>();
  private CudaMel mel;
  private CudaMel.Batch melBatch;
  private DeviceBuffer copyTarget;
  private PinnedBuffer pinned;

  @Setup(Level.Trial)
  public void setup() {
    if (!Cuda.availability().available()) throw new IllegalStateException("CUDA unavailable: " + Cuda.availability().reason());
    ctx = CudaContext.open();
    s1 = CudaStream.create(ctx);
    s2 = CudaStream.create(ctx);
    int n = seconds * rate;
    List<CudaLoudness.Input> inputs = new ArrayList<>(files);
    List<float[]> clips = new ArrayList<>(files);
    for (int f = 0; f < files; f++) {
      float[][] ch = {signal(n, 2L * f + 1), signal(n, 2L * f + 2)};
      if (signal.equals("programme")) for (float[] c : ch) programmeLevels(c, rate, f);
      inputs.add(new CudaLoudness.Input(rate, ch, new double[] {1.0, 1.0}));
      clips.add(ch[0]);
    }
    loud = new CudaLoudness(ctx, null, subsPerChunk, maximaRunSubs);
    batch = loud.upload(inputs);
    verifyLoudness(inputs.get(0));
    long bytes = batch.inputBytes();
    copyTarget = DeviceBuffer.allocate(ctx, bytes);
    pinned = PinnedBuffer.allocate(ctx, bytes);
    long at = 0;
    int per = files / SLICES;
    for (int i = 0; i < SLICES; i++) {
      List<CudaLoudness.Input> part = inputs.subList(i * per, i == SLICES - 1 ? files : (i + 1) * per);
      sliceOffsets.add(at);
      for (CudaLoudness.Input in : part) {
        for (float[] c : in.channels()) {
          java.lang.foreign.MemorySegment.copy(c, 0, pinned.segment(), JAVA_FLOAT, at, c.length);
          at += 4L * c.length;
        }
      }
      slices.add(loud.upload(part));
    }
    float[] window = new float[N_FFT];
    for (int i = 0; i < N_FFT; i++) window[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / N_FFT)); // periodic Hann
    MelParams p = new MelParams(N_FFT, HOP, window, true, false, N_MELS, slaneyMel(rate, N_FFT, N_MELS), 2.0,
        MelParams.Log.DB, 1e-10f, 1.0f, 80.0f, 0f);
    long total = (long) files * p.frames(n);
    long passes = (total + 65535) / 65536;
    mel = new CudaMel(ctx, null, p, (int) ((total + passes - 1) / passes)); // equal passes: no idle FFT frames
    melBatch = mel.upload(clips);
    verifyMel(clips.get(0), window, p);
    System.out.printf("%n[cuda] %s; loudness input %.3f GB (%d x %d s stereo float32 @ %d Hz); log-mel %d frames%n",
        Cuda.availability().reason(), bytes / 1e9, files, seconds, rate, melBatch.frames());
  }

  /** Scales each second of {@code x} by a level between -20 and 0 dB (deterministic per file). */
  static void programmeLevels(float[] x, int rate, int file) {
    for (int i = 0; i < x.length; i++) {
      long sec = i / rate + 7L * file;
      x[i] *= (float) Math.pow(10, -2.0 * ((sec * 7919) % 11) / 10.0 / 2.0);
    }
  }

  private void verifyLoudness(CudaLoudness.Input in) {
    // The whole measurement (gating, LRA, maxima) against its CPU model.
    loud.measure(batch, true, true, false, s1);
    s1.synchronize();
    CudaLoudness.Summary sGot = loud.summaries(batch, true, true).get(0);
    CudaLoudness.Summary sWant = LoudnessGatingModel.measure(in, true, true, false, subsPerChunk, maximaRunSubs, null);
    double[][] pairs = {{sGot.gatedMeanEnergy(), sWant.gatedMeanEnergy()}, {sGot.maxMomentarySum(), sWant.maxMomentarySum()},
        {sGot.maxShortTermSum(), sWant.maxShortTermSum()}, {sGot.totalEnergy(), sWant.totalEnergy()}};
    for (double[] p : pairs) {
      if (!(Math.abs(p[0] - p[1]) <= 1e-9 * Math.abs(p[1]))) throw new IllegalStateException("CUDA loudness summary " + sGot + ", model " + sWant);
    }
    if (!(Math.abs(sGot.rangeLu() - sWant.rangeLu()) <= 1e-6)) {
      throw new IllegalStateException("CUDA LRA " + sGot.rangeLu() + ", model " + sWant.rangeLu());
    }
    loud.run(batch, true, s1);
    s1.synchronize();
    CudaLoudness.Raw raw = loud.results(batch, true).get(0);
    double[] k = KCoefficients.forRate(rate);
    ChunkPlan plan = ChunkPlan.of(rate, k, subsPerChunk);
    double[] want = new double[raw.subBlockEnergies().length];
    double tp = 0;
    for (float[] c : in.channels()) {
      double[] e = new double[want.length];
      ChunkedKWeighting.subBlockEnergies(c, c.length, k, plan, e);
      for (int i = 0; i < e.length; i++) want[i] += e[i];
      tp = Math.max(tp, ChunkedKWeighting.truePeak(c, c.length, plan));
    }
    for (int i = 0; i < want.length; i++) {
      if (Math.abs(raw.subBlockEnergies()[i] - want[i]) > 1e-10 * want[i]) {
        throw new IllegalStateException("CUDA loudness energy " + i + " reads " + raw.subBlockEnergies()[i] + ", want " + want[i]);
      }
    }
    if (Math.abs(raw.truePeak() - tp) > 1e-12) throw new IllegalStateException("CUDA true peak " + raw.truePeak() + ", want " + tp);
  }

  private void verifyMel(float[] x, float[] window, MelParams p) {
    mel.run(melBatch, s1);
    s1.synchronize();
    float[] got = mel.results(melBatch).get(0);
    int frames = p.frames(x.length);
    int bins = p.bins();
    for (int t : new int[] {0, frames / 2, frames - 1}) {
      double[] power = new double[bins];
      for (int k = 0; k < bins; k++) {
        double re = 0, im = 0;
        for (int j = 0; j < N_FFT; j++) {
          long i = (long) t * HOP - N_FFT / 2 + j;
          double v = i >= 0 && i < x.length ? x[(int) i] * (double) window[j] : 0.0;
          double a = -2 * Math.PI * ((long) k * j % N_FFT) / N_FFT;
          re += v * Math.cos(a);
          im += v * Math.sin(a);
        }
        power[k] = re * re + im * im;
      }
      for (int m = 0; m < N_MELS; m++) {
        double s = 0;
        for (int k = 0; k < bins; k++) s += p.filterBank()[m * bins + k] * power[k];
        double want = 10 * Math.log10(Math.max(1e-10, s));
        double g = got[m * frames + t];
        if (want > -60 && Math.abs(g - want) > 0.01) throw new IllegalStateException("CUDA log-mel frame " + t + " band " + m + " reads " + g + " dB, want " + want);
      }
    }
  }

  /** Deterministic programme-like noise plus a tone, cheap to make (xorshift). */
  static float[] signal(int n, long seed) {
    float[] x = new float[n];
    long s = seed * 0x9E3779B97F4A7C15L + 1;
    for (int i = 0; i < n; i++) {
      s ^= s << 13;
      s ^= s >>> 7;
      s ^= s << 17;
      x[i] = (float) (0.25 * ((s >>> 11) * 0x1.0p-53 - 0.5) + 0.2 * Math.sin(i * 0.0573));
    }
    return x;
  }

  /** librosa.filters.mel(sr, n_fft, n_mels), Slaney scale and area norm, as float32; for the benchmark's shape. */
  static float[] slaneyMel(int sr, int nFft, int nMels) {
    int bins = nFft / 2 + 1;
    double[] hz = new double[nMels + 2];
    double lo = hzToMel(0), hi = hzToMel(sr / 2.0);
    for (int i = 0; i < hz.length; i++) hz[i] = melToHz(lo + (hi - lo) * i / (nMels + 1));
    float[] w = new float[nMels * bins];
    for (int m = 0; m < nMels; m++) {
      double enorm = 2.0 / (hz[m + 2] - hz[m]);
      for (int k = 0; k < bins; k++) {
        double f = k * (double) sr / nFft;
        double lower = (f - hz[m]) / (hz[m + 1] - hz[m]);
        double upper = (hz[m + 2] - f) / (hz[m + 2] - hz[m + 1]);
        w[m * bins + k] = (float) (Math.max(0, Math.min(lower, upper)) * enorm);
      }
    }
    return w;
  }

  static double hzToMel(double f) {
    double fSp = 200.0 / 3, minLogHz = 1000.0, minLogMel = minLogHz / fSp, logstep = Math.log(6.4) / 27.0;
    return f >= minLogHz ? minLogMel + Math.log(f / minLogHz) / logstep : f / fSp;
  }

  static double melToHz(double m) {
    double fSp = 200.0 / 3, minLogHz = 1000.0, minLogMel = minLogHz / fSp, logstep = Math.log(6.4) / 27.0;
    return m >= minLogMel ? minLogHz * Math.exp(logstep * (m - minLogMel)) : fSp * m;
  }

  /**
   * What {@code LoudnessOptions.full()} measures: I + LRA + max momentary / short-term over every
   * window position + TP + SP (fused pass, gating kernel, maxima kernel).
   */
  @Benchmark
  public void loudness() {
    loud.measure(batch, true, true, false, s1);
    s1.synchronize();
  }

  /** I + LRA + TP + SP: fused pass and gating kernel, no maxima. */
  @Benchmark
  public void loudnessNoMaxima() {
    loud.measure(batch, true, false, false, s1);
    s1.synchronize();
  }

  /** I + LRA only: no true-peak FIR, no maxima. */
  @Benchmark
  public void loudnessNoPeaks() {
    loud.measure(batch, false, false, false, s1);
    s1.synchronize();
  }

  /** The fused pass alone (energies, peaks per chunk): what gating and maxima add is the difference. */
  @Benchmark
  public void loudnessFusedPass() {
    loud.run(batch, true, s1);
    s1.synchronize();
  }

  /** Loudness with the samples fed from pinned host memory, 8 slices on two streams. */
  @Benchmark
  public void loudnessFromPinned() {
    for (int i = 0; i < slices.size(); i++) {
      CudaStream s = (i & 1) == 0 ? s1 : s2;
      slices.get(i).refill(pinned, sliceOffsets.get(i), s);
      loud.measure(slices.get(i), true, true, false, s);
    }
    s1.synchronize();
    s2.synchronize();
  }

  /** The host-to-device bandwidth from pinned memory for the same bytes. */
  @Benchmark
  public void hostToDevice() {
    batch.refill(pinned, 0, s1);
    s1.synchronize();
  }

  /** Device-to-device copy of the loudness input: the memory-bandwidth ceiling (read + write). */
  @Benchmark
  public void deviceCopy() {
    batch.copyInputTo(copyTarget);
    ctx.synchronize();
  }

  /** Log-mel 2048/512/128 with power_to_db (top_db 80) over the batch's first channels. */
  @Benchmark
  public void logMel() {
    mel.run(melBatch, s1);
    s1.synchronize();
  }

  /** Framing + cuFFT R2C alone for the same frames. */
  @Benchmark
  public void fftOnly() {
    mel.runFftOnly(melBatch, s1);
    s1.synchronize();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    for (CudaLoudness.Batch b : slices) b.close();
    slices.clear();
    for (AutoCloseable c : new AutoCloseable[] {melBatch, mel, pinned, copyTarget, batch, loud, s2, s1, ctx}) {
      try {
        if (c != null) c.close();
      } catch (Exception ignored) {
        // best effort at the end of a benchmark
      }
    }
  }
}
