package io.themachine.audio.internal.cpu;

import io.themachine.audio.dsp.LoudnessKernel;
import io.themachine.audio.dsp.LoudnessMeter;
import io.themachine.audio.dsp.LoudnessOptions;
import io.themachine.audio.dsp.LoudnessResult;
import io.themachine.audio.dsp.LoudnessStatus;
import io.themachine.audio.dsp.NormalizeOptions;
import io.themachine.audio.dsp.NormalizeResult;
import io.themachine.audio.dsp.NormalizeStream;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.AudioSource;
import io.themachine.spi.audio.ChannelLayout;
import io.themachine.spi.audio.MediaInfo;
import java.util.function.Supplier;

/**
 * Two-pass loudness normalization, streamed: measure the source, apply the linear gain that brings
 * the integrated loudness to the target, and only if the gained true peak (BS.1770-4 Annex 2) would
 * exceed the ceiling, run a true-peak look-ahead limiter at the input's own rate; the output is
 * re-measured as it is read. Nothing holds the whole signal: each pass decodes the source again
 * ({@link AudioSource#open()}) and memory is the meters' state plus the limiter's look-ahead rings.
 *
 * <p>Limiter ({@link LimiterReader}): per frame, the largest |sample| and |4x interpolated value|
 * over channels gives the gain that frame may have ({@code ceiling / peak}, at most 1). A sliding
 * minimum over {@code +-lookahead} then a box average over {@code lookahead + 1} frames makes the
 * gain ramp down before a peak and never exceed any frame's allowance within {@code lookahead / 2},
 * which covers the interpolator's 12-sample support. An exponential release follows. Because the
 * interpolated peak of a gain-modulated signal is not exactly the gained peak, the limiter aims
 * 0.1 dB under the ceiling and lowers its aim if the re-measured true peak is still above; because
 * limiting lowers the loudness, the gain is raised and the pass repeated until the output is within
 * 0.05 LU of the target (secant steps, at most 10 passes). Those trial passes decode, limit and
 * measure without keeping the output; the returned stream replays the last one (same gain, same
 * aim, so the same samples). Decodes: 2 on the linear path, 2 + trial passes on the limiter path.
 */
public final class Normalizer {
  private Normalizer() {}

  private static final int MAX_PASSES = 10;
  private static final int BLOCK = 8192;
  private static final LoudnessStages SCALAR_STAGES = new LoudnessStages();

  /** Normalizes a buffer in memory: the streaming path read into one output buffer. */
  public static NormalizeResult normalize(LoudnessKernel kernel, AudioBuffer x, NormalizeOptions o) {
    try (NormalizeStream s = stream(kernel, source(x), o)) {
      if (s.path() == NormalizeResult.Path.UNCHANGED) {
        NormalizeResult r = s.result();
        return new NormalizeResult(r.path(), r.gainDb(), r.limiterMaxReductionDb(), r.targetMet(), r.input(), r.output(), x);
      }
      float[][] y = new float[x.channels()][x.frames()];
      int len = 0;
      for (int n; len < x.frames() && (n = s.read(y, len, Math.min(BLOCK, x.frames() - len))) > 0; ) len += n;
      if (len != x.frames() || s.read(new float[x.channels()][1], 0, 1) >= 0) {
        throw new IllegalStateException("normalize: the stream did not yield " + x.frames() + " frames"); // a bug
      }
      NormalizeResult r = s.result();
      return new NormalizeResult(r.path(), r.gainDb(), r.limiterMaxReductionDb(), r.targetMet(), r.input(), r.output(),
          AudioBuffer.of(x.sampleRate(), x.layout(), y));
    }
  }

  /** Streams a normalization of {@code source}; the first pass runs here. */
  public static NormalizeStream stream(LoudnessKernel kernel, AudioSource source, NormalizeOptions o) {
    LoudnessOptions full = LoudnessOptions.full();
    LoudnessStages stages = kernel instanceof VectorLoudness ? VectorLoudness.STAGES : SCALAR_STAGES;
    int fs;
    ChannelLayout layout;
    LoudnessResult in;
    try (AudioBlockReader r = source.open()) {
      fs = r.sampleRate();
      layout = r.layout();
      in = drain(kernel.meter(fs, layout, full), r);
    }
    if (in.status() != LoudnessStatus.MEASURED) {
      NormalizeResult done = new NormalizeResult(NormalizeResult.Path.UNCHANGED, 0.0, 0.0, false, in, in, null);
      return new Stream(NormalizeResult.Path.UNCHANGED, 0.0, in, fs, layout, source::open, null, o, done);
    }
    double gainDb = o.targetLufs() - in.integratedLufs();
    if (in.truePeakDbtp() + gainDb <= o.ceilingDbtp()) {
      double g = Math.pow(10.0, gainDb / 20.0);
      return new Stream(NormalizeResult.Path.LINEAR, gainDb, in, fs, layout, () -> new GainReader(source.open(), g),
          kernel.meter(fs, layout, full), o, null);
    }
    // One meter for every trial pass, reset in between. The decisions need I and TP alone: without
    // the exact max M/S tracking they come out of the same serial filter and the same FIR, so they
    // are the full meter's values bit for bit (the lane path needs peaks off).
    LoudnessMeter trial = kernel.meter(fs, layout, new LoudnessOptions(true, false, full.dualMono(), full.lraSampling()));
    double aimDb = o.ceilingDbtp() - 0.1;
    double usedAim = aimDb;
    double prevGain = Double.NaN, prevI = Double.NaN;
    double applied = gainDb;
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      applied = gainDb;
      usedAim = aimDb;
      LoudnessResult m;
      try (LimiterReader lr = new LimiterReader(source.open(), Math.pow(10.0, gainDb / 20.0), Math.pow(10.0, aimDb / 20.0), o, stages)) {
        trial.reset();
        m = drain(trial, lr);
      }
      boolean peakOk = m.truePeakDbtp() <= o.ceilingDbtp();
      boolean levelOk = Math.abs(m.integratedLufs() - o.targetLufs()) <= 0.05;
      if (peakOk && levelOk) break;
      if (!peakOk) aimDb -= (m.truePeakDbtp() - o.ceilingDbtp()) + 0.05;
      if (!levelOk) {
        // Secant step on I(gain): limiting makes I rise slower than the gain, so a plain
        // "add the shortfall" step converges slowly on dense material.
        double slope = 1.0;
        if (!Double.isNaN(prevI) && Math.abs(gainDb - prevGain) > 1e-6) {
          slope = (m.integratedLufs() - prevI) / (gainDb - prevGain);
          // More gain no longer makes it louder: the limiter is saturated and the target cannot be
          // reached under this ceiling. Keep this pass and report targetMet = false.
          if (slope < 0.02) break;
          slope = Math.min(1.0, slope);
        }
        prevGain = gainDb;
        prevI = m.integratedLufs();
        gainDb += Math.min(24.0, (o.targetLufs() - m.integratedLufs()) / slope);
      }
    }
    double g = Math.pow(10.0, applied / 20.0);
    double ceiling = Math.pow(10.0, usedAim / 20.0);
    return new Stream(NormalizeResult.Path.LIMITED, applied, in, fs, layout, () -> new LimiterReader(source.open(), g, ceiling, o, stages),
        kernel.meter(fs, layout, full), o, null);
  }

  private static boolean met(LoudnessResult m, NormalizeOptions o) {
    return Math.abs(m.integratedLufs() - o.targetLufs()) <= 0.1 && m.truePeakDbtp() <= o.ceilingDbtp();
  }

  /** Feeds everything {@code r} yields to {@code meter}. */
  private static LoudnessResult drain(LoudnessMeter meter, AudioBlockReader r) {
    float[][] block = new float[r.channels()][BLOCK];
    for (int n; (n = r.read(block, 0, BLOCK)) > 0; ) meter.accept(block, 0, n);
    return meter.result();
  }

  /** A buffer as a source (for the in-memory path). */
  static AudioSource source(AudioBuffer x) {
    return new AudioSource() {
      @Override public MediaInfo info() {
        return new MediaInfo("memory", "pcm_f32", x.sampleRate(), x.layout(), x.seconds(), x.seconds(), false, false, 0);
      }
      @Override public AudioBlockReader open() { return AudioBlockReader.of(x); }
      @Override public AudioBlockReader open(int sampleRate, ChannelLayout layout) {
        if ((sampleRate != 0 && sampleRate != x.sampleRate()) || (layout != null && !layout.equals(x.layout()))) {
          throw new UnsupportedOperationException("normalize: the in-memory source does not resample");
        }
        return open();
      }
    };
  }

  /** The linear path: {@code (float) (x * g)}. */
  static final class GainReader implements AudioBlockReader {
    private final AudioBlockReader src;
    private final double g;

    GainReader(AudioBlockReader src, double g) {
      this.src = src;
      this.g = g;
    }

    @Override public int sampleRate() { return src.sampleRate(); }
    @Override public ChannelLayout layout() { return src.layout(); }
    @Override public long framesRead() { return src.framesRead(); }
    @Override public void close() { src.close(); }

    @Override
    public int read(float[][] dst, int offset, int maxFrames) {
      int n = src.read(dst, offset, maxFrames);
      for (int c = 0; c < src.channels() && n > 0; c++) {
        float[] a = dst[c];
        for (int i = offset; i < offset + n; i++) a[i] = (float) (a[i] * g);
      }
      return n;
    }
  }

  /** The output reader, opened on the first read, with the re-measuring meter on its blocks. */
  private static final class Stream implements NormalizeStream {
    private final NormalizeResult.Path path;
    private final double gainDb;
    private final LoudnessResult in;
    private final int fs;
    private final ChannelLayout layout;
    private final Supplier<AudioBlockReader> opener;
    private final LoudnessMeter meter; // null on UNCHANGED
    private final NormalizeOptions o;
    private AudioBlockReader reader;
    private NormalizeResult result;
    private boolean closed;

    Stream(NormalizeResult.Path path, double gainDb, LoudnessResult in, int fs, ChannelLayout layout,
        Supplier<AudioBlockReader> opener, LoudnessMeter meter, NormalizeOptions o, NormalizeResult result) {
      this.path = path;
      this.gainDb = gainDb;
      this.in = in;
      this.fs = fs;
      this.layout = layout;
      this.opener = opener;
      this.meter = meter;
      this.o = o;
      this.result = result;
    }

    @Override public NormalizeResult.Path path() { return path; }
    @Override public double gainDb() { return gainDb; }
    @Override public LoudnessResult input() { return in; }
    @Override public int sampleRate() { return fs; }
    @Override public ChannelLayout layout() { return layout; }
    @Override public long framesRead() { return reader == null ? 0 : reader.framesRead(); }

    @Override
    public int read(float[][] dst, int offset, int maxFrames) {
      if (closed) throw new IllegalStateException("normalize stream: read after close");
      if (reader == null) reader = opener.get();
      int n = reader.read(dst, offset, maxFrames);
      if (n > 0) {
        if (meter != null) meter.accept(dst, offset, n);
      } else if (n < 0 && result == null) {
        finish();
      }
      return n;
    }

    private void finish() {
      LoudnessResult m = meter.result();
      double reduction = reader instanceof LimiterReader lr ? lr.maxReductionDb() : 0.0;
      result = new NormalizeResult(path, gainDb, reduction, met(m, o), in, m, null);
    }

    @Override
    public NormalizeResult result() {
      if (result == null) throw new IllegalStateException("normalize stream: read it to its end (read returning -1) before asking for the result");
      return result;
    }

    @Override
    public void close() {
      if (closed) return;
      closed = true;
      if (reader != null) reader.close();
    }
  }
}
