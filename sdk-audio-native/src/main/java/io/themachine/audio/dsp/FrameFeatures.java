package io.themachine.audio.dsp;

import io.themachine.audio.internal.cpu.ChromaFilter;
import io.themachine.audio.internal.cpu.Framer;
import io.themachine.audio.internal.cpu.MelFilterBank;
import io.themachine.audio.internal.cpu.SpectrumKernel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * librosa 0.11's frame features from one shared STFT (periodic Hann, centred, {@code pad_mode}):
 * spectral centroid, bandwidth (p = 2), rolloff ({@code roll_percent}), flatness (amin 1e-10, power 2),
 * zero-crossing rate (edge padding, threshold 1e-10, zero counts as positive, divided by the frame
 * length), RMS (zero padding), onset strength (mean over {@code n_mels} Slaney mel bands of the
 * positive dB difference, lag 1, shifted by {@code 1 + n_fft / (2 hop)} frames), chroma
 * ({@code chroma_stft}, tuning 0, max-normalised per frame) and spectral contrast ({@code fmin},
 * {@code n_bands}, {@code quantile}, dB). One row per feature, in {@link #rowNames()} order.
 *
 * <p>Onset strength and contrast use the dB maximum of the whole clip, as librosa does.
 */
public record FrameFeatures(int sample_rate, int n_fft, int hop_length, PadMode pad_mode, double roll_percent, int n_mels,
    int n_chroma, int n_bands, double contrast_fmin, double quantile) {

  public FrameFeatures {
    if (sample_rate < 1) throw new IllegalArgumentException("sample_rate must be positive: " + sample_rate);
    if (n_fft < 16) throw new IllegalArgumentException("n_fft must be at least 16: " + n_fft);
    if (hop_length < 1) throw new IllegalArgumentException("hop_length must be positive: " + hop_length);
    if (!(roll_percent > 0 && roll_percent < 1)) throw new IllegalArgumentException("roll_percent must be in (0, 1): " + roll_percent);
    if (n_chroma < 1 || n_mels < 1 || n_bands < 1) throw new IllegalArgumentException("n_chroma, n_mels, n_bands must be positive");
    if (!(contrast_fmin > 0) || contrast_fmin * Math.pow(2, n_bands - 1) >= sample_rate / 2.0) {
      throw new IllegalArgumentException("contrast bands exceed Nyquist: fmin " + contrast_fmin + ", n_bands " + n_bands);
    }
    if (!(quantile > 0 && quantile < 1)) throw new IllegalArgumentException("quantile must be in (0, 1): " + quantile);
  }

  /** librosa's defaults: n_fft 2048, hop 512, zero padding, rolloff 0.85, 128 mel bands, 12 chroma, 6 contrast bands from 200 Hz, quantile 0.02. */
  public static FrameFeatures librosa(int sample_rate) {
    return new FrameFeatures(sample_rate, 2048, 512, PadMode.CONSTANT, 0.85, 128, 12, 6, 200.0, 0.02);
  }

  public FrameFeatures n_fft(int v) {
    return new FrameFeatures(sample_rate, v, hop_length, pad_mode, roll_percent, n_mels, n_chroma, n_bands, contrast_fmin, quantile);
  }

  public FrameFeatures hop_length(int v) {
    return new FrameFeatures(sample_rate, n_fft, v, pad_mode, roll_percent, n_mels, n_chroma, n_bands, contrast_fmin, quantile);
  }

  public FrameFeatures sample_rate(int v) {
    return new FrameFeatures(v, n_fft, hop_length, pad_mode, roll_percent, n_mels, n_chroma, n_bands, contrast_fmin, quantile);
  }

  public FrameFeatures pad_mode(PadMode v) {
    return new FrameFeatures(sample_rate, n_fft, hop_length, v, roll_percent, n_mels, n_chroma, n_bands, contrast_fmin, quantile);
  }

  private static final String[] PITCH = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};

  /** Row names: centroid, bandwidth, rolloff, flatness, zcr, rms, onset_strength, chroma_*, contrast_*. */
  public List<String> rowNames() {
    List<String> n = new ArrayList<>(List.of("spectral_centroid", "spectral_bandwidth", "spectral_rolloff",
        "spectral_flatness", "zero_crossing_rate", "rms", "onset_strength"));
    for (int c = 0; c < n_chroma; c++) n.add("chroma_" + (n_chroma == 12 ? PITCH[c] : Integer.toString(c)));
    for (int b = 0; b <= n_bands; b++) n.add("spectral_contrast_" + b);
    return n;
  }

  public int rows() {
    return 7 + n_chroma + n_bands + 1;
  }

  public int frames(long length) {
    return SpectrumKernel.frames(length, n_fft, hop_length, true);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("preset", "librosa");
    m.put("sample_rate", sample_rate);
    m.put("n_fft", n_fft);
    m.put("hop_length", hop_length);
    m.put("pad_mode", pad_mode.toString());
    m.put("roll_percent", roll_percent);
    m.put("n_mels", n_mels);
    m.put("n_chroma", n_chroma);
    m.put("n_bands", n_bands);
    m.put("fmin", contrast_fmin);
    m.put("quantile", quantile);
    return m;
  }

  /** All features, {@link #rows()} x frames. */
  public FeatureMatrix compute(float[] x) {
    return plan().compute(x);
  }

  public Plan plan() {
    return new Plan(this);
  }

  /** Tables (FFT, window, mel, chroma, contrast bands) and scratch for one thread. */
  public static final class Plan {
    private final FrameFeatures p;
    private final SpectrumKernel kernel;
    private final MelFilterBank mel;
    private final double[] chroma;
    private final double[] freq;
    private final int bins;
    private final int[] bandLo; // first bin of each contrast band (inclusive)
    private final int[] bandHi; // last bin used for sorting (inclusive)
    private final int[] bandQ;
    private final double[] power;
    private final double[] mag;
    private final double[] melOut;
    private final double[] chromaOut;
    private final double[] time;
    private final double[] small;
    private final double[] large;

    Plan(FrameFeatures p) {
      this.p = p;
      int nFft = p.n_fft;
      this.kernel = new SpectrumKernel(nFft, p.hop_length, Window.HANN.values(nFft, true), true, p.pad_mode);
      this.bins = kernel.bins;
      MelSpec ms = MelSpec.librosa(p.sample_rate).n_fft(nFft).hop_length(p.hop_length).n_mels(p.n_mels);
      this.freq = ms.binFrequencies();
      this.mel = new MelFilterBank(freq, p.n_mels, ms.fmin(), ms.fmax(), ms.mel_scale(), ms.norm());
      this.chroma = ChromaFilter.weights(p.sample_rate, nFft, p.n_chroma, 0.0, 5.0, 2.0);
      int nb = p.n_bands + 1;
      bandLo = new int[nb];
      bandHi = new int[nb];
      bandQ = new int[nb];
      int maxQ = 1;
      for (int k = 0; k < nb; k++) {
        double fLow = k == 0 ? 0.0 : p.contrast_fmin * Math.pow(2.0, k - 1);
        double fHigh = p.contrast_fmin * Math.pow(2.0, k);
        int first = -1, last = -1;
        for (int b = 0; b < bins; b++) {
          if (freq[b] >= fLow && freq[b] <= fHigh) {
            if (first < 0) first = b;
            last = b;
          }
        }
        if (first < 0) throw new IllegalArgumentException("spectral contrast band " + k + " holds no FFT bin; raise n_fft");
        if (k > 0) first -= 1;
        if (k == p.n_bands) last = bins - 1;
        int count = last - first + 1;
        bandLo[k] = first;
        bandHi[k] = k < p.n_bands ? last - 1 : last;
        bandQ[k] = (int) Math.max(1, Math.rint(p.quantile * count));
        maxQ = Math.max(maxQ, bandQ[k]);
      }
      power = new double[bins];
      mag = new double[bins];
      melOut = new double[p.n_mels];
      chromaOut = new double[p.n_chroma];
      time = new double[nFft];
      small = new double[maxQ];
      large = new double[maxQ];
    }

    public FeatureMatrix compute(float[] x) {
      Framer.requireFinite(x, 0, x.length, "frame features");
      int frames = p.frames(x.length);
      FeatureMatrix out = FeatureMatrix.zeros(p.rows(), frames);
      float[] o = out.data();
      int nb = p.n_bands + 1;
      double[] melDb = new double[p.n_mels * frames];
      double[] peak = new double[nb * frames];
      double[] valley = new double[nb * frames];
      int rowChroma = 7;
      int rowContrast = 7 + p.n_chroma;
      for (int t = 0; t < frames; t++) {
        kernel.transform(x, 0, x.length, x.length, t);
        kernel.spectrum(2.0, power);
        for (int k = 0; k < bins; k++) mag[k] = Math.sqrt(power[k]);
        spectralShape(o, t, frames);
        // chroma: filter bank on the power spectrum, then divide by the frame's largest value
        double cmax = 0;
        for (int c = 0; c < p.n_chroma; c++) {
          double acc = 0;
          int off = c * bins;
          for (int k = 0; k < bins; k++) acc += chroma[off + k] * power[k];
          chromaOut[c] = acc;
          cmax = Math.max(cmax, Math.abs(acc));
        }
        double cdiv = cmax < Double.MIN_NORMAL ? 1.0 : cmax;
        for (int c = 0; c < p.n_chroma; c++) o[(rowChroma + c) * frames + t] = (float) (chromaOut[c] / cdiv);
        // contrast: the quantile means of each band, finished after the loop (whole-array dB maxima)
        for (int k = 0; k < nb; k++) {
          quantileMeans(bandLo[k], bandHi[k], bandQ[k]);
          valley[k * frames + t] = small[0];
          peak[k * frames + t] = large[0];
        }
        // mel dB for the onset envelope
        mel.apply(power, melOut);
        for (int m = 0; m < p.n_mels; m++) melDb[m * frames + t] = melOut[m];
        // time domain: ZCR on edge-padded frames, RMS on zero-padded frames (frame length n_fft)
        Framer.load(x, 0, x.length, x.length, kernel.start(t), PadMode.EDGE, null, 0, p.n_fft, time);
        int crossings = 0;
        boolean prevNeg = neg(time[0]);
        for (int j = 1; j < p.n_fft; j++) {
          boolean n = neg(time[j]);
          if (n != prevNeg) crossings++;
          prevNeg = n;
        }
        o[4 * frames + t] = (float) (crossings / (double) p.n_fft);
        Framer.load(x, 0, x.length, x.length, kernel.start(t), PadMode.CONSTANT, null, 0, p.n_fft, time);
        double ss = 0;
        for (int j = 0; j < p.n_fft; j++) ss += time[j] * time[j];
        o[5 * frames + t] = (float) Math.sqrt(ss / p.n_fft);
      }
      onset(melDb, frames, o);
      contrastDb(peak, valley, nb, frames, o, rowContrast);
      return out;
    }

    private static boolean neg(double v) {
      return Math.abs(v) > 1e-10 && v < 0; // |x| <= 1e-10 counts as 0, and 0 as positive
    }

    private void spectralShape(float[] o, int t, int frames) {
      double sum = 0, wsum = 0;
      for (int k = 0; k < bins; k++) { sum += mag[k]; wsum += freq[k] * mag[k]; }
      double norm = sum < Double.MIN_NORMAL ? 1.0 : sum;
      double centroid = wsum / norm;
      double bw = 0;
      for (int k = 0; k < bins; k++) {
        double d = freq[k] - centroid;
        bw += (mag[k] / norm) * d * d;
      }
      double threshold = p.roll_percent * sum;
      double cum = 0;
      double rolloff = freq[bins - 1];
      for (int k = 0; k < bins; k++) {
        cum += mag[k];
        if (cum >= threshold) { rolloff = freq[k]; break; }
      }
      double logSum = 0, amean = 0;
      for (int k = 0; k < bins; k++) {
        double v = Math.max(1e-10, power[k]);
        logSum += Math.log(v);
        amean += v;
      }
      double flatness = Math.exp(logSum / bins) / (amean / bins);
      o[t] = (float) centroid;
      o[frames + t] = (float) Math.sqrt(bw);
      o[2 * frames + t] = (float) rolloff;
      o[3 * frames + t] = (float) flatness;
    }

    /** Means of the q smallest and q largest magnitudes in bins [lo, hi] into small[0], large[0]. */
    private void quantileMeans(int lo, int hi, int q) {
      int ns = 0, nl = 0;
      for (int k = lo; k <= hi; k++) {
        double v = mag[k];
        // small: ascending, keep q smallest
        if (ns < q) { int i = ns++; while (i > 0 && small[i - 1] > v) { small[i] = small[i - 1]; i--; } small[i] = v; }
        else if (v < small[q - 1]) { int i = q - 1; while (i > 0 && small[i - 1] > v) { small[i] = small[i - 1]; i--; } small[i] = v; }
        // large: descending, keep q largest
        if (nl < q) { int i = nl++; while (i > 0 && large[i - 1] < v) { large[i] = large[i - 1]; i--; } large[i] = v; }
        else if (v > large[q - 1]) { int i = q - 1; while (i > 0 && large[i - 1] < v) { large[i] = large[i - 1]; i--; } large[i] = v; }
      }
      double s = 0, l = 0;
      for (int i = 0; i < q; i++) { s += small[i]; l += large[i]; }
      small[0] = s / q;
      large[0] = l / q;
    }

    private void onset(double[] melDb, int frames, float[] o) {
      Decibels db = Decibels.power();
      double max = db.toDb(melDb, 0, melDb.length);
      double floor = db.floor(max);
      for (int i = 0; i < melDb.length; i++) if (melDb[i] < floor) melDb[i] = floor;
      int shift = 1 + p.n_fft / (2 * p.hop_length);
      for (int t = 0; t < frames; t++) {
        int u = t - shift + 1; // the frame whose difference to u - 1 lands at t
        double v = 0;
        if (u >= 1 && u < frames) {
          double acc = 0;
          for (int m = 0; m < p.n_mels; m++) acc += Math.max(0.0, melDb[m * frames + u] - melDb[m * frames + u - 1]);
          v = acc / p.n_mels;
        }
        o[6 * frames + t] = (float) v;
      }
    }

    private static void contrastDb(double[] peak, double[] valley, int nb, int frames, float[] o, int row) {
      Decibels db = Decibels.power();
      double pf = db.floor(db.toDb(peak, 0, peak.length));
      double vf = db.floor(db.toDb(valley, 0, valley.length));
      for (int i = 0; i < nb * frames; i++) {
        o[row * frames + i] = (float) (Math.max(peak[i], pf) - Math.max(valley[i], vf));
      }
    }
  }
}
