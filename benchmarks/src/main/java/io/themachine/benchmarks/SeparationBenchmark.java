package io.themachine.benchmarks;

import io.themachine.audio.Backend;
import io.themachine.audio.dsp.FeatureMatrix;
import io.themachine.audio.dsp.Stft;
import io.themachine.audio.separation.Centre;
import io.themachine.audio.separation.Hpss;
import io.themachine.audio.separation.Nmf;
import io.themachine.audio.separation.RepetSim;
import io.themachine.audio.separation.SeparationKernel;
import io.themachine.audio.separation.SeparationKernel.Axis;
import io.themachine.audio.separation.Stems;
import io.themachine.spi.audio.AudioBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Source separation on the CPU backends, one thread, one op = the whole input:
 *
 * <ul>
 *   <li>{@code hpss}: the case, {@link Hpss#librosa()} (n_fft 2048, hop 512, kernels 31,
 *       power 2) on {@code seconds} (60) of stereo 44.1 kHz, STFT to iSTFT, both stems; real-time
 *       factor = seconds / score;
 *   <li>{@code hpssMasks}: the two median filters and the soft masks of one channel's magnitude
 *       (1025 x 5168 for 60 s), no transforms;
 *   <li>{@code medianTime}, {@code medianFrequency}: one width-31 median filter on that matrix;
 *   <li>{@code centre}: {@link Centre#soft()} on the same stereo input;
 *   <li>{@code repetSim}: {@link RepetSim#librosa()} (k by librosa's rule, 2 s minimum distance, 20 s
 *       search) on 30 s of mono 22.05 kHz;
 *   <li>{@code nmf}: rank 4, 50 Kullback-Leibler iterations on 30 s of mono 22.05 kHz.
 * </ul>
 * The signal ({@link #signal}) is integer arithmetic and sines, rebuilt bit for bit by
 * {@code separation_peer.py}. {@link #setup()} checks the backend's HPSS masks against the scalar
 * kernel, so a fast wrong kernel fails loudly.
 *
 * <pre>java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar SeparationBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx8g", "-XX:+UseParallelGC"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class SeparationBenchmark {
  @Param({"SCALAR", "VECTOR"})
  public Backend backend;

  @Param({"60"})
  public int seconds;

  AudioBuffer stereo;
  AudioBuffer mono22;
  FeatureMatrix magnitude;
  FeatureMatrix scratchA;
  FeatureMatrix scratchB;
  SeparationKernel kernel;
  Hpss hpss = Hpss.librosa();

  /**
   * Chords with harmonics, a click every 250 ms and integer-hash noise, the right channel a little
   * different; float32 of a double formula (the peer rebuilds it identically with numpy).
   */
  public static float[] signal(int sr, int seconds, int channel) {
    int n = sr * seconds;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      double t = i / (double) sr;
      double v = 0.2 * Math.sin(2 * Math.PI * (220 + 30 * channel) * t) + 0.1 * Math.sin(2 * Math.PI * 330 * t)
          + 0.05 * Math.sin(2 * Math.PI * 440 * t + channel);
      long m = i % (sr / 4);
      long h = ((long) i * 2654435761L) & 0xFFFFFFFFL;
      double noise = h / 4294967296.0 - 0.5;
      if (m < sr / 100) v += 0.8 * noise * Math.exp(-m / (sr / 2000.0));
      v += 0.01 * noise;
      x[i] = (float) v;
    }
    return x;
  }

  @Setup
  public void setup() {
    kernel = backend.separation();
    stereo = AudioBuffer.of(44100, signal(44100, seconds, 0), signal(44100, seconds, 1));
    mono22 = AudioBuffer.of(22050, signal(22050, 30, 0));
    magnitude = Stft.librosa(2048).magnitude(stereo.array(0));
    scratchA = FeatureMatrix.zeros(magnitude.rows(), magnitude.frames());
    scratchB = FeatureMatrix.zeros(magnitude.rows(), magnitude.frames());
    // a fast wrong kernel fails here: masks of a 10 s excerpt against the scalar reference
    FeatureMatrix part = Stft.librosa(2048).magnitude(java.util.Arrays.copyOf(stereo.array(0), 441000));
    Hpss.Masks want = hpss.masks(part, Backend.SCALAR.separation()), got = hpss.masks(part, kernel);
    for (int i = 0; i < want.harmonic().data().length; i++) {
      if (Math.abs(want.harmonic().data()[i] - got.harmonic().data()[i]) > 1e-6) {
        throw new IllegalStateException(backend + " HPSS mask differs from scalar at cell " + i);
      }
    }
  }

  @Benchmark
  public Stems hpss() {
    return hpss.separate(stereo, backend);
  }

  @Benchmark
  public Hpss.Masks hpssMasks() {
    return hpss.masks(magnitude, kernel);
  }

  @Benchmark
  public FeatureMatrix medianTime() {
    kernel.medianFilter(magnitude, Axis.TIME, 31, scratchA);
    return scratchA;
  }

  @Benchmark
  public FeatureMatrix medianFrequency() {
    kernel.medianFilter(magnitude, Axis.FREQUENCY, 31, scratchB);
    return scratchB;
  }

  @Benchmark
  public Stems centre() {
    return Centre.soft().separate(stereo, backend);
  }

  @Benchmark
  public Stems repetSim() {
    return RepetSim.librosa().separate(mono22, backend);
  }

  @Benchmark
  public Stems nmf() {
    return Nmf.of(4).iterations(50).separate(mono22, backend);
  }
}
