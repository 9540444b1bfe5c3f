package io.themachine.benchmarks;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import io.themachine.audio.internal.cuda.Cuda;
import io.themachine.audio.internal.cuda.CudaContext;
import io.themachine.audio.internal.cuda.CudaHpss;
import io.themachine.audio.internal.cuda.CudaStream;
import io.themachine.audio.internal.cuda.HpssModel;
import io.themachine.audio.internal.cuda.PinnedBuffer;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
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
 * HPSS on CUDA ({@link CudaHpss}): {@code seconds} of stereo float32 at {@code rate} Hz, n_fft 2048,
 * hop 512, kernel 31 both ways, power 2, margins 1 (librosa.decompose.hpss defaults) and librosa
 * istft of both stems. {@code deviceResident}: PCM already on the device, both stems left there
 * (issue target: >= 1,000x real time); {@code withTransfers}: from pinned host memory to pinned
 * host memory, the copies on the same stream (target: <= 150 ms for 60 s). One op = one
 * recording, stream synchronised. {@code scripts/gpu-bench.sh} runs the torch-CUDA peer
 * ({@code benchmarks/cuda-peer.py --hpss}) on the same shape in the same session.
 *
 * <p>{@code @Setup} checks the device against the CPU path ({@link HpssModel#separate}) on the
 * first 4 s of the signal: both stems within 1e-4 on the waveform, or the trial fails.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx8g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CudaHpssBenchmark {
  @Param("60")
  public int seconds;

  @Param("44100")
  public int rate;

  @Param("31")
  public int kernel;

  static final int N_FFT = 2048, HOP = 512, CHANNELS = 2;

  private CudaContext ctx;
  private CudaStream stream;
  private CudaHpss hpss;
  private PinnedBuffer in, harmonic, percussive;
  private long samples;

  @Setup(Level.Trial)
  public void setup() {
    if (!Cuda.availability().available()) throw new IllegalStateException("CUDA unavailable: " + Cuda.availability().reason());
    ctx = CudaContext.open();
    stream = CudaStream.create(ctx);
    samples = (long) seconds * rate;
    CudaHpss.Params p = CudaHpss.Params.librosa(N_FFT, HOP, kernel);
    hpss = new CudaHpss(ctx, null, p, CHANNELS, samples);
    float[] x = signal((int) samples, rate);
    long bytes = 4L * x.length;
    in = PinnedBuffer.allocate(ctx, bytes);
    harmonic = PinnedBuffer.allocate(ctx, bytes);
    percussive = PinnedBuffer.allocate(ctx, bytes);
    MemorySegment.copy(x, 0, in.segment(), JAVA_FLOAT, 0, x.length);
    verify(p, Arrays.copyOf(x, CHANNELS * Math.min(x.length / CHANNELS, 4 * rate)));
    hpss.input().copyFromAsync(in, 0, 0, bytes, stream); // the whole recording, device-resident from here on
    stream.synchronize();
    System.out.printf("%n[cuda] %s; HPSS %d s stereo @ %d Hz (%d frames of %d), kernel %d%n", Cuda.availability().reason(), seconds,
        rate, p.frames(samples), N_FFT, kernel);
  }

  private void verify(CudaHpss.Params p, float[] prefix) {
    CudaHpss.Stems got = hpss.separate(prefix, stream);
    float[][] want = HpssModel.separate(p, prefix, CHANNELS);
    double dh = 0, dp = 0;
    for (int i = 0; i < prefix.length; i++) {
      dh = Math.max(dh, Math.abs(got.harmonic()[i] - want[0][i]));
      dp = Math.max(dp, Math.abs(got.percussive()[i] - want[1][i]));
    }
    if (!(dh < 1e-4 && dp < 1e-4)) throw new IllegalStateException("CUDA HPSS differs from the CPU path: harmonic " + dh + ", percussive " + dp);
    System.out.printf("%n[verify] CUDA HPSS vs CPU path on %d samples: max |diff| harmonic %.2e, percussive %.2e%n",
        prefix.length / CHANNELS, dh, dp);
  }

  /** Stereo programme-like material: two tones and their harmonics, clicks every 0.5 s, xorshift noise. */
  static float[] signal(int n, int rate) {
    float[] x = new float[CHANNELS * n];
    long s = 0x9E3779B97F4A7C15L;
    int beat = rate / 2;
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < CHANNELS; c++) {
        s ^= s << 13;
        s ^= s >>> 7;
        s ^= s << 17;
        double f = 220.0 * (c + 1);
        double tone = 0.2 * Math.sin(2 * Math.PI * f * i / rate) + 0.1 * Math.sin(2 * Math.PI * 3 * f * i / rate);
        double click = i % beat < 64 ? 0.6 * Math.exp(-(i % beat) / 12.0) : 0;
        x[CHANNELS * i + c] = (float) (tone + click + 0.02 * ((s >>> 11) * 0x1.0p-53 - 0.5));
      }
    }
    return x;
  }

  /** PCM on the device, both stems left on the device. */
  @Benchmark
  public void deviceResident() {
    hpss.run(samples, stream);
    stream.synchronize();
  }

  /** Pinned host PCM in, both pinned host stems out. */
  @Benchmark
  public void withTransfers() {
    hpss.run(in, harmonic, percussive, samples, stream);
    stream.synchronize();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    for (AutoCloseable c : new AutoCloseable[] {percussive, harmonic, in, hpss, stream, ctx}) {
      try {
        if (c != null) c.close();
      } catch (Exception ignored) {
        // best effort at the end of a benchmark
      }
    }
  }
}
