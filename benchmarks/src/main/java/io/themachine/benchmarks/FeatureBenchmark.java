package io.themachine.benchmarks;

import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.io.TarsosDSPAudioFormat;
import be.tarsos.dsp.mfcc.MFCC;
import be.tarsos.dsp.util.fft.FFT;
import io.themachine.audio.dsp.FeatureMatrix;
import io.themachine.audio.dsp.FrameFeatures;
import io.themachine.audio.dsp.MelSpec;
import io.themachine.audio.dsp.Mfcc;
import io.themachine.audio.dsp.Stft;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Feature kernels on a long mono signal, one op = the whole signal (600 s by default; audio seconds
 * per second = {@code seconds} x ops/s). Run with {@code -t 2} for the two-thread figures: each
 * thread owns its plans and buffers (thread-scoped state) and works on the shared read-only signal.
 *
 * <ul>
 *   <li>{@code stft*}: |X|^2, n_fft 2048, hop 512, 22.05 kHz;</li>
 *   <li>{@code mel128*}: librosa preset (Slaney, area norm, zero padding), 22.05 kHz;</li>
 *   <li>{@code mfcc40*}: librosa preset with 40 coefficients;</li>
 *   <li>{@code asrMel80*}: torchaudio preset, 400/160 at 16 kHz, 80 bands;</li>
 *   <li>{@code frameFeatures}: all librosa frame features in one pass;</li>
 *   <li>{@code *Reused}: caller-owned output buffers, no allocation per op; {@code *Fresh}: a new result each op;</li>
 *   <li>{@code tarsos*}: TarsosDSP 2.4 on the same frames. Not comparable outputs: its FFT is float32
 *       and not windowed here (we window it ourselves, so the work matches); its MFCC uses a Hamming
 *       window, magnitude (not power), its own mel spacing, natural log and an unnormalised DCT,
 *       and it is fed uncentred frames (no padding), so only its cost is comparable.</li>
 * </ul>
 * {@link #setup()} checks an STFT bin against a direct DFT, a mel band against the filter bank times
 * that spectrum, TarsosDSP's FFT against the same bin and the MFCC shape, so a fast wrong kernel
 * fails loudly (the anchor tests in sdk-audio-native check the values in full).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g", "-XX:+UseParallelGC"})
public class FeatureBenchmark {
  @Param({"600"})
  public int seconds;

  float[] x22;
  float[] x16;
  Stft.Plan stft;
  MelSpec.Plan mel;
  Mfcc.Plan mfcc;
  MelSpec.Plan asr;
  FrameFeatures.Plan frame;
  float[] stftOut;
  float[] melOut;
  float[] mfccOut;
  float[] mfccScratch;
  float[] asrOut;
  FFT tarsosFft;
  float[] tarsosBuf;
  float[] hann;
  MFCC tarsosMfcc;
  AudioEvent tarsosEvent;
  float[] tarsosFrame;

  /**
   * Tones, a slow chirp and integer-hash noise: non-trivial, and {@code features_peer.py} builds the
   * same samples (the noise is integer arithmetic, so numpy reproduces it exactly).
   */
  static float[] signal(int sr, int seconds) {
    int n = sr * seconds;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      double t = i / (double) sr;
      x[i] = (float) (0.4 * Math.sin(2 * Math.PI * 220 * t) + 0.2 * Math.sin(2 * Math.PI * (300 * t + 20 * t * t / seconds))
          + 0.1 * noise(i));
    }
    return x;
  }

  /** {@code h = (n * 2654435761) mod 2^32; h ^= h >> 15; (h mod 2^32) / 2^32 - 0.5}. */
  static double noise(long n) {
    long h = (n * 2654435761L) & 0xffffffffL;
    h ^= h >>> 15;
    h = (h * 2246822519L) & 0xffffffffL;
    return h / 4294967296.0 - 0.5;
  }

  @Setup(Level.Trial)
  public void setup() {
    x22 = signal(22050, seconds);
    x16 = signal(16000, seconds);
    stft = Stft.librosa(2048).plan();
    mel = MelSpec.librosa(22050).plan();
    mfcc = Mfcc.librosa(22050).n_mfcc(40).plan();
    asr = MelSpec.torchaudio(16000).n_fft(400).hop_length(160).n_mels(80).plan();
    frame = FrameFeatures.librosa(22050).plan();
    int f22 = Stft.librosa(2048).frames(x22.length);
    stftOut = new float[1025 * f22];
    melOut = new float[128 * f22];
    mfccOut = new float[40 * f22];
    mfccScratch = new float[128 * f22];
    asrOut = new float[80 * asr.spec().frames(x16.length)];
    tarsosFft = new FFT(2048);
    tarsosBuf = new float[2048];
    hann = new float[2048];
    for (int i = 0; i < 2048; i++) hann[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / 2048));
    tarsosMfcc = new MFCC(2048, 22050f, 40, 128, 0f, 11025f);
    tarsosEvent = new AudioEvent(new TarsosDSPAudioFormat(22050f, 16, 1, true, false));
    tarsosFrame = new float[2048];
    verify();
  }

  /** Our STFT bin vs a direct DFT of one frame; mel and MFCC shapes; fails loudly on a wrong kernel. */
  void verify() {
    float[] piece = java.util.Arrays.copyOfRange(x22, 0, 22050);
    FeatureMatrix p = Stft.librosa(2048).power(piece);
    int t = 10, k = 93;
    double re = 0, im = 0;
    for (int j = 0; j < 2048; j++) {
      double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * j / 2048);
      double v = w * piece[t * 512 - 1024 + j];
      re += v * Math.cos(2 * Math.PI * k * j / 2048);
      im -= v * Math.sin(2 * Math.PI * k * j / 2048);
    }
    double want = re * re + im * im;
    if (Math.abs(p.get(k, t) - want) > 1e-4 * want) throw new IllegalStateException("stft bin " + k + " reads " + p.get(k, t) + ", want " + want);
    FeatureMatrix m = MelSpec.librosa(22050).compute(piece);
    double sum = 0;
    float[] fb = MelSpec.librosa(22050).filterBank().data();
    for (int b = 0; b < 1025; b++) sum += fb[5 * 1025 + b] * p.get(b, t);
    if (Math.abs(m.get(5, t) - sum) > 1e-4 * Math.abs(sum)) throw new IllegalStateException("mel band 5 reads " + m.get(5, t) + ", want " + sum);
    if (Mfcc.librosa(22050).n_mfcc(40).compute(piece).rows() != 40) throw new IllegalStateException("mfcc rows");
    // TarsosDSP's FFT on the same windowed frame: |X_k|^2 must agree (float32) so the comparison is like for like
    float[] buf = new float[2048];
    for (int j = 0; j < 2048; j++) buf[j] = hann[j] * piece[t * 512 - 1024 + j];
    tarsosFft.forwardTransform(buf);
    double tp = buf[2 * k] * buf[2 * k] + buf[2 * k + 1] * buf[2 * k + 1];
    if (Math.abs(tp - want) > 1e-3 * want) throw new IllegalStateException("TarsosDSP FFT bin " + k + " reads " + tp + ", want " + want);
  }

  @Benchmark
  public float[] stftReused() {
    stft.spectrum(x22, 2.0, stftOut);
    return stftOut;
  }

  @Benchmark
  public FeatureMatrix stftFresh() {
    return stft.spectrum(x22, 2.0);
  }

  @Benchmark
  public float[] mel128Reused() {
    mel.compute(x22, melOut);
    return melOut;
  }

  @Benchmark
  public FeatureMatrix mel128Fresh() {
    return mel.compute(x22);
  }

  @Benchmark
  public float[] mfcc40Reused() {
    mfcc.compute(x22, Double.NaN, mfccScratch, mfccOut);
    return mfccOut;
  }

  @Benchmark
  public FeatureMatrix mfcc40Fresh() {
    return mfcc.compute(x22, Double.NaN);
  }

  @Benchmark
  public float[] asrMel80Reused() {
    asr.compute(x16, asrOut);
    return asrOut;
  }

  @Benchmark
  public FeatureMatrix asrMel80Fresh() {
    return asr.compute(x16);
  }

  @Benchmark
  public FeatureMatrix frameFeatures() {
    return frame.compute(x22);
  }

  /** TarsosDSP FFT (JTransforms' float real FFT) over the same uncentred frames, windowed, with |X|^2 into a reused buffer. */
  @Benchmark
  public float[] tarsosFft2048() {
    int frames = 1 + (x22.length - 2048) / 512;
    float[] out = stftOut;
    for (int t = 0; t < frames; t++) {
      int o = t * 512;
      for (int j = 0; j < 2048; j++) tarsosBuf[j] = hann[j] * x22[o + j];
      tarsosFft.forwardTransform(tarsosBuf);
      for (int b = 1; b < 1024; b++) out[b * frames + t] = tarsosBuf[2 * b] * tarsosBuf[2 * b] + tarsosBuf[2 * b + 1] * tarsosBuf[2 * b + 1];
    }
    return out;
  }

  /** TarsosDSP MFCC, 40 coefficients from 128 filters, 2048/512 uncentred frames (different definition, see class doc). */
  @Benchmark
  public float[] tarsosMfcc40() {
    int frames = 1 + (x22.length - 2048) / 512;
    float[] out = mfccOut;
    for (int t = 0; t < frames; t++) {
      System.arraycopy(x22, t * 512, tarsosFrame, 0, 2048);
      tarsosEvent.setFloatBuffer(tarsosFrame);
      tarsosMfcc.process(tarsosEvent);
      float[] c = tarsosMfcc.getMFCC();
      for (int k = 0; k < 40; k++) out[k * frames + t] = c[k];
    }
    return out;
  }
}
