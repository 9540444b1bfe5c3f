package io.themachine.audio.dsp;

import io.themachine.audio.internal.cpu.FloatSpectrumKernel;
import io.themachine.audio.internal.cpu.Framer;
import io.themachine.audio.internal.cpu.RealFft;
import io.themachine.audio.internal.cpu.SpectrumKernel;
import java.util.Objects;

/**
 * Short-time Fourier transform with librosa's and torch.stft's conventions: frame {@code t} is
 * centred on sample {@code t * hop_length} when {@code center} (the signal is padded by
 * {@code n_fft / 2} at each end with {@link PadMode}), frame count {@code 1 + len / hop_length}
 * (centred) or {@code 1 + (len - n_fft) / hop_length}; a {@code win_length} window is centred in
 * {@code n_fft}; bins {@code 0 .. n_fft / 2}, unnormalised. An empty signal gives zero frames.
 * Power and magnitude are computed in float32 for sizes of radices 2, 3, 5 (each bin within 1e-6 of
 * the frame's largest power of the float64 result; the anchors' 1e-4 relative holds, worst 3.9e-5),
 * in double otherwise; the complex STFT and the inverse in double. Sizes of any factorisation (radix 4, 2, 3, 5, other).
 *
 * <p>The record is a value; each call builds its plan. For repeated calls hold a {@link #plan()}.
 *
 * @param n_fft FFT size
 * @param hop_length samples between frames
 * @param win_length window length, at most n_fft
 * @param window window shape
 * @param periodic periodic (DFT-even, librosa and torch default) or symmetric window
 * @param center centred frames
 * @param pad_mode padding for centred frames
 */
public record Stft(int n_fft, int hop_length, int win_length, Window window, boolean periodic, boolean center,
    PadMode pad_mode) {

  public Stft {
    if (n_fft < 1) throw new IllegalArgumentException("n_fft must be positive: " + n_fft);
    if (hop_length < 1) throw new IllegalArgumentException("hop_length must be positive: " + hop_length);
    if (win_length < 1 || win_length > n_fft) {
      throw new IllegalArgumentException("win_length must be in 1.." + n_fft + ": " + win_length);
    }
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(pad_mode, "pad_mode");
  }

  /** librosa.stft's defaults: hop n_fft / 4, periodic Hann, centred, zero padding. */
  public static Stft librosa(int n_fft) {
    return new Stft(n_fft, n_fft / 4, n_fft, Window.HANN, true, true, PadMode.CONSTANT);
  }

  /** torchaudio.transforms.Spectrogram's defaults: hop n_fft / 2, periodic Hann, centred, reflect. */
  public static Stft torchaudio(int n_fft) {
    return new Stft(n_fft, n_fft / 2, n_fft, Window.HANN, true, true, PadMode.REFLECT);
  }

  public Stft hop_length(int v) { return new Stft(n_fft, v, win_length, window, periodic, center, pad_mode); }

  public Stft win_length(int v) { return new Stft(n_fft, hop_length, v, window, periodic, center, pad_mode); }

  public Stft window(Window v) { return new Stft(n_fft, hop_length, win_length, v, periodic, center, pad_mode); }

  public Stft periodic(boolean v) { return new Stft(n_fft, hop_length, win_length, window, v, center, pad_mode); }

  public Stft center(boolean v) { return new Stft(n_fft, hop_length, win_length, window, periodic, v, pad_mode); }

  public Stft pad_mode(PadMode v) { return new Stft(n_fft, hop_length, win_length, window, periodic, center, v); }

  /** {@code n_fft / 2 + 1}. */
  public int bins() {
    return n_fft / 2 + 1;
  }

  /** Frames for a signal of {@code length} samples (0 for an empty one). */
  public int frames(long length) {
    return SpectrumKernel.frames(length, n_fft, hop_length, center);
  }

  /** The window as used: {@code win_length} values. */
  public double[] windowValues() {
    return window.values(win_length, periodic);
  }

  /** A reusable plan (twiddles, window, scratch); not thread-safe. */
  public Plan plan() {
    return new Plan(this);
  }

  /** {@code |X|^2}, bins x frames. */
  public FeatureMatrix power(float[] x) {
    return plan().spectrum(x, 2.0);
  }

  /** {@code |X|}, bins x frames. */
  public FeatureMatrix magnitude(float[] x) {
    return plan().spectrum(x, 1.0);
  }

  /** The complex STFT. */
  public Spectrogram complex(float[] x) {
    return plan().complex(x);
  }

  /**
   * Inverse STFT (librosa.istft / torch.istft): windowed inverse FFTs overlap-added, divided by the
   * overlapping sum of squared windows where it exceeds the smallest normal float; centred output
   * drops {@code n_fft / 2} samples at the start; trimmed or zero-extended to {@code length}
   * ({@code length < 0}: natural length {@code n_fft + hop (frames - 1)}, minus the centring pad).
   */
  public float[] inverse(Spectrogram s, int length) {
    return plan().inverse(s, length);
  }

  /** Holds the FFT plan, window and scratch for one thread. */
  public static final class Plan {
    private final Stft stft;
    private final SpectrumKernel k;
    private final double[] spec;
    private final float[] tile;
    static final int TILE = 16;

    Plan(Stft stft) {
      this.stft = stft;
      this.k = new SpectrumKernel(stft.n_fft, stft.hop_length, stft.windowValues(), stft.center, stft.pad_mode);
      this.spec = new double[k.bins];
      this.tile = new float[k.bins * TILE];
    }

    public Stft stft() {
      return stft;
    }

    /** {@code |X|^power} into a new matrix. */
    public FeatureMatrix spectrum(float[] x, double power) {
      int frames = stft.frames(x.length);
      FeatureMatrix out = FeatureMatrix.zeros(k.bins, frames);
      spectrum(x, power, out.data());
      return out;
    }

    /**
     * {@code |X|^power} into {@code out} (bins x frames, at least {@code bins * frames(x.length)} long).
     * Sizes of radices 2, 3, 5 use the float32 engine ({@link FloatSpectrumKernel}: |X|^2 in float,
     * Vector batches of frames written straight into each bin's row); others the double
     * {@link SpectrumKernel}.
     */
    public void spectrum(float[] x, double power, float[] out) {
      Framer.requireFinite(x, 0, x.length, "stft");
      if (FloatSpectrumKernel.supports(stft.n_fft)) {
        spectrum32(x, power, out);
        return;
      }
      int frames = stft.frames(x.length);
      int bins = k.bins;
      // Frames go to a bins x TILE tile first, then out in runs of TILE: writing one column of a
      // bins x frames matrix directly costs a cache miss per bin.
      for (int t0 = 0; t0 < frames; t0 += TILE) {
        int nt = Math.min(TILE, frames - t0);
        int lanes = k.lanes();
        for (int j = 0; j < nt; ) {
          if (power == 2.0 && lanes > 0 && nt - j >= lanes && k.powerBatch(x, 0, x.length, x.length, t0 + j)) {
            double[] bp = k.batchPower;
            for (int b = 0; b < bins; b++) {
              for (int l = 0; l < lanes; l++) tile[b * TILE + j + l] = (float) bp[b * lanes + l];
            }
            j += lanes;
            continue;
          }
          if (power == 2.0) {
            k.power(x, 0, x.length, x.length, t0 + j, spec);
          } else {
            k.transform(x, 0, x.length, x.length, t0 + j);
            k.spectrum(power, spec);
          }
          for (int b = 0; b < bins; b++) tile[b * TILE + j] = (float) spec[b];
          j++;
        }
        for (int b = 0; b < bins; b++) System.arraycopy(tile, b * TILE, out, b * frames + t0, nt);
      }
    }

    private FloatSpectrumKernel fk;
    private float[] powerF;

    private void spectrum32(float[] x, double power, float[] out) {
      if (fk == null) {
        fk = new FloatSpectrumKernel(stft.n_fft, stft.hop_length, stft.windowValues(), stft.center, stft.pad_mode);
        powerF = new float[k.bins];
      }
      int frames = stft.frames(x.length);
      int bins = k.bins;
      int lanes = fk.lanes();
      for (int t0 = 0; t0 < frames; ) {
        if (power == 2.0 && lanes > 0 && frames - t0 >= lanes && fk.powerBatch(x, 0, x.length, x.length, t0, out, t0, frames)) {
          // lane j is frame t0 + j: the split step writes each bin's lanes into its row
          t0 += lanes;
          continue;
        }
        if (power != 2.0 && lanes > 0 && frames - t0 >= lanes && fk.powerBatch(x, 0, x.length, x.length, t0)) {
          float[] bp = fk.batchPower;
          for (int b = 0; b < bins; b++) {
            for (int l = 0; l < lanes; l++) out[b * frames + t0 + l] = powerTo(bp[b * lanes + l], power);
          }
          t0 += lanes;
          continue;
        }
        int nt = Math.min(TILE, frames - t0);
        for (int j = 0; j < nt; j++) {
          fk.power(x, 0, x.length, x.length, t0 + j, powerF);
          for (int b = 0; b < bins; b++) tile[b * TILE + j] = powerTo(powerF[b], power);
          if (lanes > 0 && j + 1 < nt && frames - (t0 + j + 1) >= lanes && fk.batchFits(t0 + j + 1, x.length)) {
            nt = j + 1; // the left padding is over: back to batches
            break;
          }
        }
        for (int b = 0; b < bins; b++) System.arraycopy(tile, b * TILE, out, b * frames + t0, nt);
        t0 += nt;
      }
    }

    private static float powerTo(float p2, double power) {
      if (power == 2.0) return p2;
      if (power == 1.0) return (float) Math.sqrt(p2);
      return (float) Math.pow(p2, power / 2.0);
    }

    public Spectrogram complex(float[] x) {
      Framer.requireFinite(x, 0, x.length, "stft");
      int frames = stft.frames(x.length);
      int bins = k.bins;
      float[] re = new float[bins * frames];
      float[] im = new float[bins * frames];
      for (int t = 0; t < frames; t++) {
        k.transform(x, 0, x.length, x.length, t);
        for (int b = 0; b < bins; b++) {
          re[b * frames + t] = (float) k.re[b];
          im[b * frames + t] = (float) k.im[b];
        }
      }
      return new Spectrogram(bins, frames, re, im);
    }

    public float[] inverse(Spectrogram s, int length) {
      int nFft = stft.n_fft;
      int hop = stft.hop_length;
      if (s.bins() != k.bins) throw new IllegalArgumentException("istft: " + s.bins() + " bins, n_fft " + nFft + " needs " + k.bins);
      int frames = s.frames();
      int full = frames == 0 ? 0 : nFft + hop * (frames - 1);
      double[] y = new double[full];
      double[] wss = new double[full];
      double[] re = new double[k.bins];
      double[] im = new double[k.bins];
      double[] buf = new double[nFft];
      RealFft fft = k.fft;
      double[] w = k.window;
      for (int t = 0; t < frames; t++) {
        for (int b = 0; b < k.bins; b++) {
          re[b] = s.re()[b * frames + t];
          im[b] = s.im()[b * frames + t];
        }
        fft.inverse(re, im, buf);
        int o = t * hop;
        for (int j = 0; j < nFft; j++) {
          y[o + j] += buf[j] * w[j];
          wss[o + j] += w[j] * w[j];
        }
      }
      double tiny = Float.MIN_NORMAL;
      for (int i = 0; i < full; i++) if (wss[i] > tiny) y[i] /= wss[i];
      int skip = stft.center ? nFft / 2 : 0;
      int natural = Math.max(0, full - 2 * skip);
      int n = length < 0 ? natural : length;
      float[] out = new float[n];
      for (int i = 0; i < n && i + skip < full; i++) out[i] = (float) y[i + skip];
      return out;
    }
  }

  @Override
  public String toString() {
    return "Stft[n_fft=" + n_fft + ", hop_length=" + hop_length + ", win_length=" + win_length + ", window="
        + (periodic ? "periodic " : "symmetric ") + window + ", center=" + center + ", pad_mode=" + pad_mode + "]";
  }
}
