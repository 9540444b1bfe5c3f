package io.themachine.audio.dsp;

import io.themachine.audio.internal.cpu.FloatSpectrumKernel;
import io.themachine.audio.internal.cpu.Framer;
import io.themachine.audio.internal.cpu.MelFilterBank;
import io.themachine.audio.internal.cpu.SpectrumKernel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A mel spectrogram configuration. Start from a preset, which fixes the conventions and takes that
 * library's defaults, then override with the same-named methods:
 *
 * <pre>{@code
 * MelSpec.librosa(22050)                        // librosa.feature.melspectrogram defaults
 * MelSpec.torchaudio(16000).n_fft(400).n_mels(80)  // torchaudio.transforms.MelSpectrogram(...)
 * }</pre>
 *
 * Components keep librosa's names so they read the same in Java, YAML and the manifest
 * ({@link #toMap()}). As in the libraries, changing {@code n_fft} also moves {@code win_length}
 * and {@code hop_length} while they still hold their derived defaults (librosa: win n_fft, hop
 * win / 4; torchaudio: hop win / 2), and changing {@code sample_rate} moves a default {@code fmax}.
 *
 * @param preset whose conventions (bin frequencies, derived defaults)
 * @param sample_rate Hz
 * @param n_fft FFT size
 * @param hop_length samples between frames
 * @param win_length window length
 * @param window window shape (periodic)
 * @param center centred frames
 * @param pad_mode padding of centred frames
 * @param n_mels mel bands
 * @param fmin lowest band edge, Hz
 * @param fmax highest band edge, Hz
 * @param mel_scale Slaney or HTK
 * @param norm filter normalisation
 * @param power exponent on |X| (2 power, 1 magnitude)
 */
public record MelSpec(Convention preset, int sample_rate, int n_fft, int hop_length, int win_length, Window window,
    boolean center, PadMode pad_mode, int n_mels, double fmin, double fmax, MelScale mel_scale, MelNorm norm,
    double power) {

  public MelSpec {
    Objects.requireNonNull(preset, "preset");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(pad_mode, "pad_mode");
    Objects.requireNonNull(mel_scale, "mel_scale");
    Objects.requireNonNull(norm, "norm");
    if (sample_rate < 1) throw new IllegalArgumentException("sample_rate must be positive: " + sample_rate);
    if (n_fft < 2) throw new IllegalArgumentException("n_fft must be at least 2: " + n_fft);
    if (hop_length < 1) throw new IllegalArgumentException("hop_length must be positive: " + hop_length);
    if (win_length < 1 || win_length > n_fft) throw new IllegalArgumentException("win_length must be in 1..n_fft: " + win_length);
    if (n_mels < 1) throw new IllegalArgumentException("n_mels must be positive: " + n_mels);
    if (!(fmin >= 0) || !(fmax > fmin)) throw new IllegalArgumentException("need 0 <= fmin < fmax: " + fmin + ", " + fmax);
    if (!(power > 0)) throw new IllegalArgumentException("power must be positive: " + power);
  }

  /** librosa.feature.melspectrogram: n_fft 2048, hop 512, periodic Hann, centred, zero padding, 128 Slaney bands with area norm, fmin 0, fmax sr/2, power 2. */
  public static MelSpec librosa(int sample_rate) {
    return new MelSpec(Convention.LIBROSA, sample_rate, 2048, 512, 2048, Window.HANN, true, PadMode.CONSTANT, 128, 0.0,
        sample_rate / 2.0, MelScale.SLANEY, MelNorm.SLANEY, 2.0);
  }

  /** torchaudio.transforms.MelSpectrogram: n_fft 400, hop 200, periodic Hann, centred, reflect, 128 HTK bands without norm, f_min 0, f_max sr // 2, power 2. */
  public static MelSpec torchaudio(int sample_rate) {
    return new MelSpec(Convention.TORCHAUDIO, sample_rate, 400, 200, 400, Window.HANN, true, PadMode.REFLECT, 128, 0.0,
        sample_rate / 2, MelScale.HTK, MelNorm.NONE, 2.0);
  }

  /** A preset by name ({@code librosa} or {@code torchaudio}). */
  public static MelSpec of(Convention preset, int sample_rate) {
    return preset == Convention.LIBROSA ? librosa(sample_rate) : torchaudio(sample_rate);
  }

  static double defaultFmax(Convention p, int sr) {
    return p == Convention.LIBROSA ? sr / 2.0 : sr / 2;
  }

  static int defaultHop(Convention p, int win) {
    return p == Convention.LIBROSA ? win / 4 : win / 2;
  }

  public MelSpec sample_rate(int v) {
    double fm = fmax == defaultFmax(preset, sample_rate) ? defaultFmax(preset, v) : fmax;
    return new MelSpec(preset, v, n_fft, hop_length, win_length, window, center, pad_mode, n_mels, fmin, fm, mel_scale, norm, power);
  }

  public MelSpec n_fft(int v) {
    int win = win_length == n_fft ? v : win_length;
    int hop = hop_length == defaultHop(preset, win_length) ? defaultHop(preset, win) : hop_length;
    return new MelSpec(preset, sample_rate, v, hop, win, window, center, pad_mode, n_mels, fmin, fmax, mel_scale, norm, power);
  }

  public MelSpec hop_length(int v) {
    return new MelSpec(preset, sample_rate, n_fft, v, win_length, window, center, pad_mode, n_mels, fmin, fmax, mel_scale, norm, power);
  }

  public MelSpec win_length(int v) {
    int hop = hop_length == defaultHop(preset, win_length) ? defaultHop(preset, v) : hop_length;
    return new MelSpec(preset, sample_rate, n_fft, hop, v, window, center, pad_mode, n_mels, fmin, fmax, mel_scale, norm, power);
  }

  public MelSpec window(Window v) {
    return new MelSpec(preset, sample_rate, n_fft, hop_length, win_length, v, center, pad_mode, n_mels, fmin, fmax, mel_scale, norm, power);
  }

  public MelSpec center(boolean v) {
    return new MelSpec(preset, sample_rate, n_fft, hop_length, win_length, window, v, pad_mode, n_mels, fmin, fmax, mel_scale, norm, power);
  }

  public MelSpec pad_mode(PadMode v) {
    return new MelSpec(preset, sample_rate, n_fft, hop_length, win_length, window, center, v, n_mels, fmin, fmax, mel_scale, norm, power);
  }

  public MelSpec n_mels(int v) {
    return new MelSpec(preset, sample_rate, n_fft, hop_length, win_length, window, center, pad_mode, v, fmin, fmax, mel_scale, norm, power);
  }

  public MelSpec fmin(double v) {
    return new MelSpec(preset, sample_rate, n_fft, hop_length, win_length, window, center, pad_mode, n_mels, v, fmax, mel_scale, norm, power);
  }

  public MelSpec fmax(double v) {
    return new MelSpec(preset, sample_rate, n_fft, hop_length, win_length, window, center, pad_mode, n_mels, fmin, v, mel_scale, norm, power);
  }

  public MelSpec mel_scale(MelScale v) {
    return new MelSpec(preset, sample_rate, n_fft, hop_length, win_length, window, center, pad_mode, n_mels, fmin, fmax, v, norm, power);
  }

  public MelSpec norm(MelNorm v) {
    return new MelSpec(preset, sample_rate, n_fft, hop_length, win_length, window, center, pad_mode, n_mels, fmin, fmax, mel_scale, v, power);
  }

  public MelSpec power(double v) {
    return new MelSpec(preset, sample_rate, n_fft, hop_length, win_length, window, center, pad_mode, n_mels, fmin, fmax, mel_scale, norm, v);
  }

  /** The framing part. */
  public Stft stft() {
    return new Stft(n_fft, hop_length, win_length, window, true, center, pad_mode);
  }

  /** Frames for a signal of {@code length} samples. */
  public int frames(long length) {
    return SpectrumKernel.frames(length, n_fft, hop_length, center);
  }

  /**
   * FFT bin frequencies as the preset computes them: librosa {@code k * sr / n_fft}
   * ({@code rfftfreq}); torchaudio {@code linspace(0, sr // 2, n_fft / 2 + 1)}.
   */
  public double[] binFrequencies() {
    int bins = n_fft / 2 + 1;
    double[] f = new double[bins];
    if (preset == Convention.LIBROSA) {
      double val = 1.0 / (n_fft * (1.0 / sample_rate));
      for (int k = 0; k < bins; k++) f[k] = k * val;
    } else {
      double end = sample_rate / 2;
      double step = bins > 1 ? end / (bins - 1) : 0.0;
      for (int k = 0; k < bins; k++) f[k] = k == bins - 1 ? end : k * step;
    }
    return f;
  }

  /** The filter bank, {@code n_mels x (n_fft / 2 + 1)}, as float32 (built in double). */
  public FeatureMatrix filterBank() {
    double[] d = MelFilterBank.dense(binFrequencies(), n_mels, fmin, fmax, mel_scale, norm);
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
    return new FeatureMatrix(n_mels, n_fft / 2 + 1, f);
  }

  /** Mel spectrogram, {@code n_mels x frames}. */
  public FeatureMatrix compute(float[] x) {
    return plan().compute(x);
  }

  /**
   * Streams the mel spectrogram: each frame ({@code n_mels} power values) reaches {@code sink} as soon
   * as its samples are in; centred framing only.
   */
  public FeatureStream stream(FeatureStream.FrameSink sink) {
    if (!center) throw new IllegalArgumentException("melspectrogram stream: needs center=true");
    Plan p = plan();
    float[] values = new float[n_mels];
    return new FeatureStream(new io.themachine.audio.internal.cpu.StreamFramer(n_fft, hop_length, pad_mode,
        "melspectrogram stream", (buf, bufStart, bufLen, total, t) -> {
          p.frame(buf, bufStart, bufLen, total, t);
          for (int m = 0; m < n_mels; m++) values[m] = (float) p.mel[m];
          sink.frame(t, values);
        }));
  }

  /** A reusable plan for one thread. */
  public Plan plan() {
    return new Plan(this);
  }

  /** Every parameter under librosa's names, for YAML and the manifest. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("preset", preset.toString());
    m.put("sample_rate", sample_rate);
    m.put("n_fft", n_fft);
    m.put("hop_length", hop_length);
    m.put("win_length", win_length);
    m.put("window", window.toString());
    m.put("center", center);
    m.put("pad_mode", pad_mode.toString());
    m.put("n_mels", n_mels);
    m.put("fmin", fmin);
    m.put("fmax", fmax);
    m.put("mel_scale", mel_scale.toString());
    m.put("norm", norm.toString());
    m.put("power", power);
    return m;
  }

  /**
   * Plan: FFT, window, sparse filter bank and scratch; not thread-safe. With {@code power == 2} and
   * an FFT size of radices 2, 3, 5 the spectrum and the filter bank run in float32
   * ({@link io.themachine.audio.internal.cpu.FloatSpectrumKernel}: Vector batches of frames for the
   * interior, the bit-identical scalar engine for padded frames and streams); otherwise in double
   * ({@link SpectrumKernel}). Float32 stays within the anchors' 1e-4 relative (MelSpecTest).
   */
  public static final class Plan {
    private final MelSpec spec;
    final SpectrumKernel kernel; // double path, null when the float engine is used
    final FloatSpectrumKernel fk; // float path, or null
    final MelFilterBank bank;
    final double[] spectrum;
    final float[] powerF;
    /** The last {@link #frame}'s mel power as float (what the outputs store). */
    final float[] melF;
    /** The last {@link #frame}'s mel power (float values where the float engine ran). */
    final double[] mel;
    final float[] tile;
    static final int TILE = 16;
    /** Mel power of a batch, {@code [m * lanes + j]}, after {@link #frameBatch}. */
    final float[] melBatch;

    Plan(MelSpec spec) {
      this.spec = spec;
      double[] win = spec.window.values(spec.win_length, true);
      boolean f32 = spec.power == 2.0 && FloatSpectrumKernel.supports(spec.n_fft);
      this.fk = f32 ? new FloatSpectrumKernel(spec.n_fft, spec.hop_length, win, spec.center, spec.pad_mode) : null;
      this.kernel = f32 ? null : new SpectrumKernel(spec.n_fft, spec.hop_length, win, spec.center, spec.pad_mode);
      this.bank = new MelFilterBank(spec.binFrequencies(), spec.n_mels, spec.fmin, spec.fmax, spec.mel_scale, spec.norm);
      int bins = spec.n_fft / 2 + 1;
      this.spectrum = f32 ? null : new double[bins];
      this.powerF = f32 ? new float[bins] : null;
      this.melF = new float[spec.n_mels];
      this.mel = new double[spec.n_mels];
      this.tile = new float[spec.n_mels * TILE];
      this.melBatch = new float[spec.n_mels * Math.max(1, lanes())];
    }

    /** Frames per {@link #frameBatch}, 0 when only single frames are computed. */
    int lanes() {
      return fk == null ? 0 : fk.lanes();
    }

    public MelSpec spec() {
      return spec;
    }

    public FeatureMatrix compute(float[] x) {
      FeatureMatrix out = FeatureMatrix.zeros(spec.n_mels, spec.frames(x.length));
      compute(x, out.data());
      return out;
    }

    /** Into a caller-owned {@code n_mels x frames} buffer (reused-buffer path: no allocation). */
    public void compute(float[] x, float[] out) {
      Framer.requireFinite(x, 0, x.length, "melspectrogram");
      int frames = spec.frames(x.length);
      int nm = spec.n_mels;
      int lanes = lanes();
      // a tile of TILE single frames, then runs of TILE per band (see Stft.Plan: column writes miss
      // the cache); a vector batch writes its lanes straight into each band's row
      for (int t0 = 0; t0 < frames; ) {
        if (lanes > 0 && frames - t0 >= lanes && frameBatch(x, 0, x.length, x.length, t0, frames - t0) > 0) {
          for (int m = 0; m < nm; m++) System.arraycopy(melBatch, m * lanes, out, m * frames + t0, lanes);
          t0 += lanes;
          continue;
        }
        int nt = Math.min(TILE, frames - t0);
        for (int j = 0; j < nt; j++) {
          frame(x, 0, x.length, x.length, t0 + j);
          for (int m = 0; m < nm; m++) tile[m * TILE + j] = (float) mel[m];
          // leave the tile early once a batch fits again (the left padding is over)
          if (lanes > 0 && j + 1 < nt && frames - (t0 + j + 1) >= lanes && fk.batchFits(t0 + j + 1, x.length)) {
            nt = j + 1;
            break;
          }
        }
        for (int m = 0; m < nm; m++) System.arraycopy(tile, m * TILE, out, m * frames + t0, nt);
        t0 += nt;
      }
    }

    /**
     * Mel power of frames {@code t0 ..} for one vector batch into {@link #melBatch}; returns the lane
     * count, or 0 (nothing done) when batching does not apply ({@code maxFrames} too small, padding
     * needed, no Vector API, the double path).
     */
    int frameBatch(float[] buf, long bufStart, int bufLen, long total, long t0, int maxFrames) {
      int lanes = lanes();
      if (lanes == 0 || maxFrames < lanes) return 0;
      if (!fk.powerBatch(buf, bufStart, bufLen, total, t0)) return 0;
      fk.melBatch(bank, melBatch);
      return lanes;
    }

    /** Computes frame {@code t} into {@link #mel} (package use by streaming and MFCC). */
    void frame(float[] buf, long bufStart, int bufLen, long total, long t) {
      if (fk != null) {
        fk.power(buf, bufStart, bufLen, total, t, powerF);
        fk.mel(bank, powerF, melF);
        for (int m = 0; m < spec.n_mels; m++) mel[m] = melF[m];
        return;
      }
      if (spec.power == 2.0) {
        kernel.power(buf, bufStart, bufLen, total, t, spectrum);
      } else {
        kernel.transform(buf, bufStart, bufLen, total, t);
        kernel.spectrum(spec.power, spectrum);
      }
      bank.apply(spectrum, mel);
      for (int m = 0; m < spec.n_mels; m++) melF[m] = (float) mel[m];
    }
  }
}
