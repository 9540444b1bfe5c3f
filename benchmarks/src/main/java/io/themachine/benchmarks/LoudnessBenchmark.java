package io.themachine.benchmarks;

import io.themachine.audio.dsp.Programme;
import io.themachine.audio.Backend;
import io.themachine.audio.dsp.Loudness;
import io.themachine.audio.dsp.LoudnessKernel;
import io.themachine.audio.dsp.LoudnessMeter;
import io.themachine.audio.dsp.LoudnessOptions;
import io.themachine.audio.dsp.LoudnessResult;
import io.themachine.audio.dsp.NormalizeOptions;
import io.themachine.audio.dsp.NormalizeResult;
import io.themachine.audio.dsp.NormalizeStream;
import io.themachine.audio.dsp.ScalarLoudness;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.AudioSource;
import io.themachine.spi.audio.ChannelLayout;
import io.themachine.spi.audio.MediaInfo;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * BS.1770-4 / EBU R128 loudness on 600 s of stereo 48 kHz float32 held in memory (the team's
 * deterministic programme, {@link Programme}), one thread unless stated. Real-time factor =
 * 600 s / score. The expected loudness is checked in {@link #setup()} (libebur128's I for the
 * programme and agreement with the scalar reference), so a fast wrong kernel fails loudly.
 *
 * <ul>
 *   <li>{@code integrated*}: integrated loudness (and LRA, which shares the sub-block energies);
 *   <li>{@code full*}: I + LRA + exact max M/S + sample peak + Annex 2 true peak;
 *   <li>{@code *Reused}: one meter, {@code reset()} between runs (allocates nothing);
 *       {@code *Fresh}: a new meter per run (the front-door path, allocates its state);
 *   <li>{@code normalize}: measure, gain, limiter if needed, re-measure, to -14 LUFS / -1 dBTP,
 *       into a new output buffer (the in-memory front door, itself the streaming path read whole);
 *   <li>{@code normalizeStreaming}: the same as a {@link NormalizeStream} over an {@link AudioSource}
 *       (each pass re-reads the source), the output read in 8192-frame blocks and dropped, as an
 *       encoder would consume it: memory independent of the length;
 *   <li>{@code integratedTwoThreads}: two streams on two threads, each its own meter (score per op
 *       and thread: compare ops/s with the one-thread figure).
 * </ul>
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar LoudnessBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx6g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class LoudnessBenchmark {
  @Param({"SCALAR", "VECTOR"})
  public String backend;

  @Param({"600"})
  public double seconds;

  AudioBuffer signal;
  float[][] planar;
  LoudnessKernel kernel;
  LoudnessMeter integratedMeter;
  LoudnessMeter fullMeter;
  AudioSource source;
  float[][] sink;

  @Setup(Level.Trial)
  public void setup() {
    Backend b = Backend.valueOf(backend);
    var a = b.availability();
    if (!a.available()) throw new IllegalStateException(b + " unavailable: " + a.reason());
    kernel = b.loudness();
    signal = Programme.generate(seconds);
    planar = new float[][] {signal.array(0), signal.array(1)};
    integratedMeter = kernel.meter(Programme.RATE, ChannelLayout.STEREO, LoudnessOptions.integratedOnly());
    fullMeter = kernel.meter(Programme.RATE, ChannelLayout.STEREO, LoudnessOptions.full());
    LoudnessResult got = kernel.measure(signal);
    if (seconds == 600) {
      if (Math.abs(got.integratedLufs() - Programme.PROG600_I) > 0.005) throw new IllegalStateException(b + " read I " + got);
      if (Math.abs(got.truePeakDbtp() - Programme.PROG600_TP_ANNEX2) > 0.001) throw new IllegalStateException(b + " read TP " + got);
      if (Math.abs(got.rangeLu() - Programme.PROG600_LRA) > 0.05) throw new IllegalStateException(b + " read LRA " + got);
    }
    source = new AudioSource() {
      @Override public MediaInfo info() {
        return new MediaInfo("memory", "pcm_f32", signal.sampleRate(), signal.layout(), signal.seconds(), signal.seconds(), false, false, 0);
      }
      @Override public AudioBlockReader open() { return AudioBlockReader.of(signal); }
      @Override public AudioBlockReader open(int sampleRate, ChannelLayout layout) { return open(); }
    };
    sink = new float[2][8192];
    NormalizeResult streamed = normalizeStreaming();
    NormalizeResult whole = normalize();
    if (Math.abs(streamed.output().integratedLufs() + 14.0) > 0.1 || streamed.output().truePeakDbtp() > -1.0
        || streamed.path() != whole.path() || Math.abs(streamed.output().integratedLufs() - whole.output().integratedLufs()) > 1e-9) {
      throw new IllegalStateException(b + " streaming normalize: " + streamed + " vs in memory " + whole);
    }
    LoudnessResult want = new ScalarLoudness().measure(signal);
    if (Math.abs(got.integratedLufs() - want.integratedLufs()) > 1e-9 || Math.abs(got.truePeakDbtp() - want.truePeakDbtp()) > 1e-9) {
      throw new IllegalStateException(b + " disagrees with the scalar reference: " + got + " vs " + want);
    }
  }

  @Benchmark
  public double integratedReused() {
    integratedMeter.reset();
    integratedMeter.accept(planar, 0, planar[0].length);
    return integratedMeter.result().integratedLufs();
  }

  @Benchmark
  public double integratedFresh() {
    return kernel.measure(signal, LoudnessOptions.integratedOnly()).integratedLufs();
  }

  @Benchmark
  public LoudnessResult fullReused() {
    fullMeter.reset();
    fullMeter.accept(planar, 0, planar[0].length);
    return fullMeter.result();
  }

  @Benchmark
  public LoudnessResult fullFresh() {
    return kernel.measure(signal, LoudnessOptions.full());
  }

  @Benchmark
  public NormalizeResult normalize() {
    return Loudness.normalize(kernel, signal, NormalizeOptions.defaults());
  }

  @Benchmark
  public NormalizeResult normalizeStreaming() {
    try (NormalizeStream s = Loudness.normalizeStream(kernel, source, NormalizeOptions.defaults())) {
      while (s.read(sink, 0, 8192) > 0) {
        // an encoder would write the block here
      }
      return s.result();
    }
  }

  /** One meter per thread. */
  @State(Scope.Thread)
  public static class PerThread {
    LoudnessMeter meter;

    @Setup(Level.Trial)
    public void setup(LoudnessBenchmark shared) {
      meter = shared.kernel.meter(Programme.RATE, ChannelLayout.STEREO, LoudnessOptions.integratedOnly());
    }
  }

  @Benchmark
  @Threads(2)
  public double integratedTwoThreads(PerThread t) {
    t.meter.reset();
    t.meter.accept(planar, 0, planar[0].length);
    return t.meter.result().integratedLufs();
  }
}
