package io.themachine.audio.internal.cuda;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import io.themachine.audio.dsp.Stft;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Harmonic-percussive separation (librosa.decompose.hpss on librosa.stft, then librosa.istft per
 * stem) resident on the device, for interleaved PCM of a fixed channel count: {@code hpss_frames}
 * (centred frames, periodic Hann) → cuFFT R2C → {@code hpss_magnitude} → median along time
 * ({@code harmonicWidth}) and along frequency ({@code percussiveWidth}), both on the frame-major
 * spectrum so no transpose is needed → {@code hpss_apply} (soft masks with margins and power,
 * split zeros when both margins are 1, applied to the complex STFT) → cuFFT C2R per stem →
 * {@code hpss_overlap_add} (window-sum normalisation, centre trim, the input's length), and with
 * margins above 1 {@code hpss_residual} ({@code x - h - p}, librosa's residual). The CPU
 * path ({@link HpssModel}: {@link Stft}, exact medians, librosa masks, {@code Stft.inverse}) is the
 * reference (waveforms within 1e-4).
 *
 * <p>Buffers are sized at construction for {@code maxSamples} per channel; cuFFT plans follow the
 * frame count of the last run. Not thread-safe; launches go to the caller's stream.
 */
public final class CudaHpss implements AutoCloseable {
  /**
   * librosa.decompose.hpss parameters on librosa.stft frames.
   *
   * @param nFft FFT size (window = n_fft, periodic Hann, centred frames)
   * @param hop hop length
   * @param harmonicWidth median width along time (librosa {@code kernel_size[0]})
   * @param percussiveWidth median width along frequency ({@code kernel_size[1]})
   * @param power mask exponent (2 = librosa's default; +Infinity = hard masks)
   * @param marginHarmonic librosa {@code margin[0]}
   * @param marginPercussive librosa {@code margin[1]}
   * @param reflectPad numpy 'reflect' padding of the centred frames instead of zeros (librosa's default is zeros)
   */
  public record Params(int nFft, int hop, int harmonicWidth, int percussiveWidth, double power, float marginHarmonic,
      float marginPercussive, boolean reflectPad) {
    public Params {
      if (nFft < 2 || hop < 1 || harmonicWidth < 1 || percussiveWidth < 1 || !(power > 0) || !(marginHarmonic >= 1)
          || !(marginPercussive >= 1)) {
        throw new IllegalArgumentException("hpss parameters out of range: " + nFft + "/" + hop + "/" + harmonicWidth + "/"
            + percussiveWidth + "/" + power + "/" + marginHarmonic + "/" + marginPercussive);
      }
    }

    /** librosa defaults: power 2, margins 1, zero padding, one kernel size for both filters. */
    public static Params librosa(int nFft, int hop, int kernel) {
      return new Params(nFft, hop, kernel, kernel, 2.0, 1f, 1f, false);
    }

    public int bins() {
      return nFft / 2 + 1;
    }

    /** Margins above 1 leave a residual (the masks no longer sum to 1). */
    public boolean hasResidual() {
      return marginHarmonic != 1f || marginPercussive != 1f;
    }

    /** Centred frames for {@code samples} per channel. */
    public int frames(long samples) {
      return (int) (1 + samples / hop);
    }

    /** The STFT on the CPU with the same conventions. */
    public Stft stft() {
      return Stft.librosa(nFft).hop_length(hop).pad_mode(reflectPad ? io.themachine.audio.dsp.PadMode.REFLECT
          : io.themachine.audio.dsp.PadMode.CONSTANT);
    }
  }

  private final CudaContext ctx;
  private final SeparationKernels k;
  private final Params p;
  private final int channels;
  private final long maxSamples;
  private final DeviceBuffer window, pcm, frames, spectrum, harmonicSpectrum, mag, harm, perc, outH, outP, outR;
  private CufftPlan r2c, c2r;
  private int planFrames = -1;

  public CudaHpss(CudaContext ctx, Path cacheDir, Params p, int channels, long maxSamples) {
    if (channels < 1 || channels > SeparationKernels.MAX_GRID_Y || maxSamples < 1) {
      throw new IllegalArgumentException("CudaHpss: " + channels + " channels, " + maxSamples + " samples");
    }
    this.ctx = ctx;
    this.p = p;
    this.channels = channels;
    this.maxSamples = maxSamples;
    ctx.runtime().requireCufft();
    int maxT = p.frames(maxSamples);
    long frameFloats = (long) channels * maxT * p.nFft();
    long cells = (long) channels * maxT * p.bins();
    List<AutoCloseable> made = new ArrayList<>();
    try {
      k = track(made, SeparationKernels.load(ctx, cacheDir));
      double[] w = p.stft().windowValues();
      float[] wf = new float[w.length];
      for (int i = 0; i < w.length; i++) wf[i] = (float) w[i];
      window = track(made, k.upload(wf));
      pcm = track(made, DeviceBuffer.allocate(ctx, 4L * channels * maxSamples));
      frames = track(made, DeviceBuffer.allocate(ctx, 4L * frameFloats));
      spectrum = track(made, DeviceBuffer.allocate(ctx, 8L * cells));
      harmonicSpectrum = track(made, DeviceBuffer.allocate(ctx, 8L * cells));
      mag = track(made, DeviceBuffer.allocate(ctx, 4L * cells));
      harm = track(made, DeviceBuffer.allocate(ctx, 4L * cells));
      perc = track(made, DeviceBuffer.allocate(ctx, 4L * cells));
      outH = track(made, DeviceBuffer.allocate(ctx, 4L * channels * maxSamples));
      outP = track(made, DeviceBuffer.allocate(ctx, 4L * channels * maxSamples));
      outR = p.hasResidual() ? track(made, DeviceBuffer.allocate(ctx, 4L * channels * maxSamples)) : null;
      ctx.synchronize(); // the window upload ran on the legacy stream
    } catch (RuntimeException e) {
      for (int i = made.size() - 1; i >= 0; i--) {
        try {
          made.get(i).close();
        } catch (Exception ignored) {
          // the first failure is the one to report
        }
      }
      throw e;
    }
  }

  private static <T extends AutoCloseable> T track(List<AutoCloseable> l, T t) {
    l.add(t);
    return t;
  }

  public Params params() {
    return p;
  }

  public int channels() {
    return channels;
  }

  /** Interleaved input, {@code channels x maxSamples} floats. */
  public DeviceBuffer input() {
    return pcm;
  }

  /** The harmonic stem after {@link #run}, interleaved like the input. */
  public DeviceBuffer harmonic() {
    return outH;
  }

  public DeviceBuffer percussive() {
    return outP;
  }

  /** The residual stem ({@code x - harmonic - percussive}) when the margins are above 1, else null. */
  public DeviceBuffer residual() {
    return outR;
  }

  private void plans(int t) {
    if (t == planFrames) return;
    if (r2c != null) {
      r2c.close();
      r2c = null;
    }
    if (c2r != null) {
      c2r.close();
      c2r = null;
    }
    r2c = CufftPlan.r2c(ctx, p.nFft(), channels * t, p.nFft());
    c2r = CufftPlan.c2r(ctx, p.nFft(), channels * t, p.nFft());
    planFrames = t;
  }

  /** HPSS of the first {@code samples} per channel of {@link #input()} into the stems, on {@code s}; returns at once. */
  public void run(long samples, CudaStream s) {
    if (samples < 1 || samples > maxSamples) throw new IllegalArgumentException("CudaHpss.run: " + samples + " samples, capacity " + maxSamples);
    if (p.reflectPad() && samples <= p.nFft() / 2) {
      throw new IllegalArgumentException("CudaHpss.run: reflect padding needs more than n_fft / 2 samples");
    }
    int t = p.frames(samples);
    plans(t);
    r2c.setStream(s);
    c2r.setStream(s);
    long cells = (long) channels * t * p.bins();
    k.hpssFrames(pcm.address(), samples, channels, window.address(), p.nFft(), p.hop(), t, true, p.reflectPad(), frames.address(), s);
    r2c.execR2C(frames.address(), spectrum.address());
    k.magnitude(spectrum.address(), cells, mag.address(), s);
    // Frame-major [channel][frame][bin]: time runs along the strided axis, frequency along the contiguous one.
    k.medianStrided(mag.address(), channels, t, p.bins(), p.harmonicWidth(), harm.address(), s);
    k.medianContiguous(mag.address(), (long) channels * t, p.bins(), p.percussiveWidth(), perc.address(), s);
    k.hpssApply(spectrum.address(), harm.address(), perc.address(), cells, p.marginHarmonic(), p.marginPercussive(), p.power(),
        harmonicSpectrum.address(), s);
    c2r.execC2R(harmonicSpectrum.address(), frames.address());
    k.overlapAdd(frames.address(), window.address(), p.nFft(), p.hop(), t, channels, samples, true, outH.address(), s);
    c2r.execC2R(spectrum.address(), frames.address());
    k.overlapAdd(frames.address(), window.address(), p.nFft(), p.hop(), t, channels, samples, true, outP.address(), s);
    if (outR != null) k.residual(pcm.address(), outH.address(), outP.address(), (long) channels * samples, outR.address(), s);
  }

  /**
   * From pinned host memory to pinned host memory: copy in, {@link #run}, copy both stems out, all
   * on {@code s}; returns at once (synchronise {@code s} before reading the outputs).
   */
  public void run(PinnedBuffer in, PinnedBuffer harmonicOut, PinnedBuffer percussiveOut, long samples, CudaStream s) {
    run(in, harmonicOut, percussiveOut, null, samples, s);
  }

  /** As above, with the residual stem copied out too when there is one and {@code residualOut} is not null. */
  public void run(PinnedBuffer in, PinnedBuffer harmonicOut, PinnedBuffer percussiveOut, PinnedBuffer residualOut, long samples,
      CudaStream s) {
    long bytes = 4L * channels * samples;
    pcm.copyFromAsync(in, 0, 0, bytes, s);
    run(samples, s);
    outH.copyToAsync(0, harmonicOut, 0, bytes, s);
    outP.copyToAsync(0, percussiveOut, 0, bytes, s);
    if (outR != null && residualOut != null) outR.copyToAsync(0, residualOut, 0, bytes, s);
  }

  /** The stems of interleaved host PCM (and the residual when the margins are above 1), through pinned staging buffers; blocks until done. */
  public Stems separate(float[] interleaved, CudaStream s) {
    if (interleaved.length % channels != 0) throw new IllegalArgumentException("CudaHpss.separate: length not a multiple of the channels");
    long samples = interleaved.length / channels;
    long bytes = 4L * interleaved.length;
    try (PinnedBuffer in = PinnedBuffer.allocate(ctx, bytes); PinnedBuffer h = PinnedBuffer.allocate(ctx, bytes);
        PinnedBuffer q = PinnedBuffer.allocate(ctx, bytes); PinnedBuffer r = outR == null ? null : PinnedBuffer.allocate(ctx, bytes)) {
      java.lang.foreign.MemorySegment.copy(interleaved, 0, in.segment(), JAVA_FLOAT, 0, interleaved.length);
      run(in, h, q, r, samples, s);
      s.synchronize();
      float[] hs = new float[interleaved.length], ps = new float[interleaved.length];
      java.lang.foreign.MemorySegment.copy(h.segment(), JAVA_FLOAT, 0, hs, 0, hs.length);
      java.lang.foreign.MemorySegment.copy(q.segment(), JAVA_FLOAT, 0, ps, 0, ps.length);
      float[] rs = null;
      if (r != null) {
        rs = new float[interleaved.length];
        java.lang.foreign.MemorySegment.copy(r.segment(), JAVA_FLOAT, 0, rs, 0, rs.length);
      }
      return new Stems(hs, ps, rs, channels);
    }
  }

  /**
   * Samples of context each side of a block for {@link #separateInBlocks}: frames whose span reaches
   * past a block's window see different samples ({@code n_fft / 2 / hop} frames), the median along
   * time reaches {@code harmonicWidth / 2} frames further, and an output sample gathers the frames
   * covering it ({@code n_fft / hop}); two frames of slack. A multiple of the hop, so block frames
   * line up with the whole signal's.
   */
  public static long context(Params p) {
    long frames = (p.nFft() + p.hop() - 1) / p.hop() + p.harmonicWidth() / 2 + (p.nFft() / 2 + p.hop() - 1) / p.hop() + 2;
    return frames * p.hop();
  }

  /**
   * HPSS of a long input in blocks of {@code blockSamples} (rounded up to a multiple of the hop)
   * with {@link #context} samples each side, so device memory does not grow with the length: each
   * block's interior equals the whole-signal result (to float rounding). Needs a pipeline built for
   * at least {@code block + 2 context} samples (see {@link #forBlocks}).
   */
  public Stems separateInBlocks(float[] interleaved, long blockSamples, CudaStream s) {
    float[][] r = inBlocks(p, interleaved, channels, blockSamples, chunk -> {
      Stems st = separate(chunk, s);
      return new float[][] {st.harmonic(), st.percussive(), st.residual()};
    });
    return new Stems(r[0], r[1], r[2], channels);
  }

  /** A pipeline sized for {@link #separateInBlocks} with blocks of {@code blockSamples}. */
  public static CudaHpss forBlocks(CudaContext ctx, Path cacheDir, Params p, int channels, long blockSamples) {
    long block = (blockSamples + p.hop() - 1) / p.hop() * p.hop();
    return new CudaHpss(ctx, cacheDir, p, channels, block + 2 * context(p));
  }

  /**
   * The block loop, any engine ({@code chunk -> {harmonic, percussive, residual or null}}, all
   * interleaved): windows {@code [start - context, end + context)} clipped to the signal, the
   * interior {@code [start, end)} kept.
   */
  static float[][] inBlocks(Params p, float[] x, int channels, long blockSamples, java.util.function.Function<float[], float[][]> engine) {
    if (x.length % channels != 0) throw new IllegalArgumentException("CudaHpss.separateInBlocks: length not a multiple of the channels");
    long n = x.length / channels;
    long block = Math.max(p.hop(), (blockSamples + p.hop() - 1) / p.hop() * p.hop());
    long ctx = context(p);
    float[] h = new float[x.length], q = new float[x.length];
    float[] r = p.hasResidual() ? new float[x.length] : null;
    for (long start = 0; start < n; start += block) {
      long end = Math.min(n, start + block);
      long a = Math.max(0, start - ctx), b = Math.min(n, end + ctx);
      float[] chunk = java.util.Arrays.copyOfRange(x, (int) (a * channels), (int) (b * channels));
      float[][] out = engine.apply(chunk);
      int from = (int) ((start - a) * channels), len = (int) ((end - start) * channels), at = (int) (start * channels);
      System.arraycopy(out[0], from, h, at, len);
      System.arraycopy(out[1], from, q, at, len);
      if (r != null) System.arraycopy(out[2], from, r, at, len);
    }
    return new float[][] {h, q, r};
  }

  /** Harmonic and percussive stems (and the residual, or null), interleaved like the input. Prints its shape. */
  public record Stems(float[] harmonic, float[] percussive, float[] residual, int channels) {
    @Override
    public String toString() {
      return "Stems[harmonic, percussive" + (residual == null ? "" : ", residual") + "; " + (harmonic.length / Math.max(1, channels))
          + " samples x " + channels + " ch]";
    }
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (AutoCloseable c : new AutoCloseable[] {c2r, r2c, outR, outP, outH, perc, harm, mag, harmonicSpectrum, spectrum, frames, pcm, window, k}) {
      try {
        if (c != null) c.close();
      } catch (RuntimeException e) {
        if (first == null) first = e;
      } catch (Exception e) {
        if (first == null) first = new IllegalStateException(e);
      }
    }
    if (first != null) throw first;
  }

  @Override
  public String toString() {
    return "CudaHpss[" + p.nFft() + "/" + p.hop() + ", kernels " + p.harmonicWidth() + "x" + p.percussiveWidth() + ", " + channels
        + " ch, up to " + maxSamples + " samples]";
  }
}
