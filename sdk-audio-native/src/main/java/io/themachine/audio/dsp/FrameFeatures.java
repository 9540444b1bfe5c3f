package io.themachine.audio.dsp;

import io.themachine.audio.internal.cpu.ChromaFilter;
import io.themachine.audio.internal.cpu.DecibelKernel;
import io.themachine.audio.internal.cpu.FrameStats;
import io.themachine.audio.internal.cpu.Framer;
import io.themachine.audio.internal.cpu.MelFilterBank;
import io.themachine.audio.internal.cpu.SpectralBatch;
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

  /**
   * Tables (FFT, window, mel, chroma, contrast bands) and scratch for one thread. Frames go through
   * {@link SpectralBatch} a batch at a time (lane = frame): a whole batch straight from the batch
   * FFT, single frames (padded edges, streamed frames) gathered into a pending batch first. Each
   * lane's result depends only on its own power spectrum, so both routes give the same bits.
   */
  public static final class Plan {
    private final FrameFeatures p;
    private final SpectrumKernel kernel;
    private final MelFilterBank mel;
    private final FrameStats stats;
    private final SpectralBatch spectral;
    private final int lanes;
    private final int bins;
    private final double[] power; // one frame
    private final double[] melOut; // one frame
    private final double[] melBatch; // n_mels x lanes
    private final float[] melDb; // n_mels x lanes
    private final double[] pending; // bins x lanes: power spectra of frames not yet processed
    private final double[] pendingZcr;
    private final double[] pendingRms;
    private int pendingCount;
    private long pendingT0;
    private final double[] time;
    private final double[] sums = new double[2]; // timeStats scratch

    Plan(FrameFeatures p) {
      this.p = p;
      int nFft = p.n_fft;
      this.kernel = new SpectrumKernel(nFft, p.hop_length, Window.HANN.values(nFft, true), true, p.pad_mode);
      this.bins = kernel.bins;
      MelSpec ms = MelSpec.librosa(p.sample_rate).n_fft(nFft).hop_length(p.hop_length).n_mels(p.n_mels);
      double[] freq = ms.binFrequencies();
      this.mel = new MelFilterBank(freq, p.n_mels, ms.fmin(), ms.fmax(), ms.mel_scale(), ms.norm());
      double[] chroma = ChromaFilter.weights(p.sample_rate, nFft, p.n_chroma, 0.0, 5.0, 2.0);
      this.stats = FrameStats.best();
      int nb = p.n_bands + 1;
      int[] bandLo = new int[nb], bandHi = new int[nb], bandQ = new int[nb];
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
      }
      // the batch FFT's lane count when there is one, so its output is a batch as it stands
      int kl = kernel.lanes();
      int vl = SpectralBatch.vectorLanes();
      this.lanes = kl > 0 ? kl : vl > 0 ? vl : 8;
      this.spectral = SpectralBatch.best(lanes, freq, chroma, p.n_chroma, bandLo, bandHi, bandQ, 1e-10, p.roll_percent);
      power = new double[bins];
      melOut = new double[p.n_mels];
      melBatch = new double[p.n_mels * lanes];
      melDb = new float[p.n_mels * lanes];
      pending = new double[bins * lanes];
      pendingZcr = new double[lanes];
      pendingRms = new double[lanes];
      time = new double[nFft];
    }

    public FeatureMatrix compute(float[] x) {
      Framer.requireFinite(x, 0, x.length, "frame features");
      int frames = p.frames(x.length);
      Accumulator acc = new Accumulator(this, frames);
      pendingCount = 0;
      int kl = kernel.lanes();
      for (int t = 0; t < frames; ) {
        if (kl > 0 && frames - t >= kl && kernel.powerBatch(x, 0, x.length, x.length, t)) {
          flush(acc);
          for (int l = 0; l < kl; l++) timeStats(x, 0, x.length, x.length, t + l, l);
          process(kernel.batchPower, t, kl, acc);
          t += kl;
          continue;
        }
        frame(x, 0, x.length, x.length, t, acc);
        t++;
      }
      flush(acc);
      return acc.result();
    }

    /** Frame {@code t}: its power spectrum and time-domain values go to the pending batch. */
    void frame(float[] buf, long bufStart, int bufLen, long total, long t, Accumulator acc) {
      if (pendingCount > 0 && pendingT0 + pendingCount != t) throw new IllegalStateException("frame features: frame " + t + " out of order");
      int l = pendingCount;
      if (l == 0) pendingT0 = t;
      kernel.power(buf, bufStart, bufLen, total, t, power);
      for (int k = 0; k < bins; k++) pending[k * lanes + l] = power[k];
      timeStats(buf, bufStart, bufLen, total, t, l);
      if (++pendingCount == lanes) flush(acc);
    }

    /** Processes the pending frames (the unused lanes hold zeros and are ignored). */
    void flush(Accumulator acc) {
      int n = pendingCount;
      if (n == 0) return;
      for (int l = n; l < lanes; l++) for (int k = 0; k < bins; k++) pending[k * lanes + l] = 0.0;
      pendingCount = 0;
      process(pending, pendingT0, n, acc);
    }

    /** ZCR (edge-padded frame) and RMS (zero-padded frame) of frame {@code t}, both frame length n_fft, into pending lane {@code l}. */
    private void timeStats(float[] buf, long bufStart, int bufLen, long total, long t, int l) {
      long start = kernel.start(t);
      long avail = total < 0 ? bufStart + bufLen : Math.min(total, bufStart + bufLen);
      boolean interior = start >= 0 && start >= bufStart && start + p.n_fft <= avail;
      // |x| <= 1e-10 counts as 0, and 0 as positive: only x < -1e-10 is negative
      if (interior) { // no padding either way: one pass over the samples as they are
        stats.timeStats(buf, (int) (start - bufStart), p.n_fft, 1e-10, sums);
        pendingZcr[l] = sums[0] / p.n_fft;
        pendingRms[l] = Math.sqrt(sums[1] / p.n_fft);
        return;
      }
      Framer.load(buf, bufStart, bufLen, total, start, PadMode.EDGE, null, 0, p.n_fft, time);
      stats.timeStats(time, p.n_fft, 1e-10, sums);
      pendingZcr[l] = sums[0] / p.n_fft;
      Framer.load(buf, bufStart, bufLen, total, start, PadMode.CONSTANT, null, 0, p.n_fft, time);
      stats.timeStats(time, p.n_fft, 1e-10, sums);
      pendingRms[l] = Math.sqrt(sums[1] / p.n_fft);
    }

    /** Frames {@code t0 .. t0 + n - 1} from {@code batch} (bins x lanes), ZCR and RMS already pending. */
    private void process(double[] batch, long t0, int n, Accumulator acc) {
      spectral.run(batch);
      if (kernel.batch != null) { // then lanes is its lane count
        // mel bands of all lanes at once, in the scalar bank's order (MelFilterBank.apply's values)
        kernel.batch.applyMel(mel, batch, melBatch);
      } else {
        for (int l = 0; l < n; l++) {
          for (int k = 0; k < bins; k++) power[k] = batch[k * lanes + l];
          mel.apply(power, melOut);
          for (int m = 0; m < p.n_mels; m++) melBatch[m * lanes + l] = melOut[m];
        }
      }
      double[] r = spectral.out;
      int nc = p.n_chroma, nb = p.n_bands + 1;
      // mel dB (unclipped, ref 1, amin 1e-10) for the onset envelope, all lanes at once, in float32
      // (DecibelKernel: within 2e-5 dB of 10 log10, the same bits on every path)
      for (int i = 0; i < melDb.length; i++) melDb[i] = (float) melBatch[i];
      DecibelKernel.best().toDb(melDb, 0, melDb, 0, melDb.length);
      for (int l = 0; l < n; l++) {
        float[] o = acc.row((int) (t0 + l));
        o[0] = (float) r[l];
        o[1] = (float) r[lanes + l];
        o[2] = (float) r[2 * lanes + l];
        o[3] = (float) r[3 * lanes + l];
        o[4] = (float) pendingZcr[l];
        o[5] = (float) pendingRms[l];
        for (int c = 0; c < nc; c++) o[7 + c] = (float) r[spectral.chromaRow(c) * lanes + l];
        // contrast: quantile means per band; dB after the last frame (whole-array maxima)
        double[] pv = acc.peakValley((int) (t0 + l));
        for (int k = 0; k < nb; k++) {
          pv[2 * k] = r[spectral.peakRow(k) * lanes + l];
          pv[2 * k + 1] = r[(spectral.peakRow(k) + nb) * lanes + l];
        }
        float[] md = acc.melDb((int) (t0 + l));
        for (int m = 0; m < p.n_mels; m++) md[m] = melDb[m * lanes + l];
        acc.flush();
      }
    }
  }

  /**
   * Collects per-frame values and finishes onset strength and contrast, which need the whole clip's
   * dB maxima. Memory grows with the frame count (about 6 times the output), never with the samples.
   */
  static final class Accumulator {
    private final Plan plan;
    private final int rows;
    private final int nb;
    private final int nMels;
    private float[] base; // frame-major, rows per frame (onset and contrast rows filled at the end)
    private double[] pv; // frame-major, (peak, valley) per band
    private float[] mel; // frame-major, n_mels unclipped dB per frame
    private int frames;
    private final float[] rowScratch;
    private final double[] pvScratch;
    private final float[] melScratch;

    Accumulator(Plan plan, int expectedFrames) {
      this.plan = plan;
      FrameFeatures p = plan.p;
      this.rows = p.rows();
      this.nb = p.n_bands + 1;
      this.nMels = p.n_mels;
      int cap = Math.max(16, expectedFrames);
      base = new float[cap * rows];
      pv = new double[cap * 2 * nb];
      mel = new float[cap * nMels];
      rowScratch = new float[rows];
      pvScratch = new double[2 * nb];
      melScratch = new float[nMels];
    }

    float[] row(int t) {
      if (t != frames) throw new IllegalStateException("frame features: frame " + t + " out of order, expected " + frames);
      return rowScratch;
    }

    double[] peakValley(int t) {
      return pvScratch;
    }

    float[] melDb(int t) {
      return melScratch;
    }

    /** Stores the scratch of the frame just computed. */
    void flush() {
      int t = frames;
      if ((t + 1) * rows > base.length) {
        int cap = Math.max(t + 1, base.length / rows * 2);
        base = java.util.Arrays.copyOf(base, cap * rows);
        pv = java.util.Arrays.copyOf(pv, cap * 2 * nb);
        mel = java.util.Arrays.copyOf(mel, cap * nMels);
      }
      System.arraycopy(rowScratch, 0, base, t * rows, rows);
      System.arraycopy(pvScratch, 0, pv, t * 2 * nb, 2 * nb);
      System.arraycopy(melScratch, 0, mel, t * nMels, nMels);
      frames++;
    }

    FeatureMatrix result() {
      FrameFeatures p = plan.p;
      int T = frames;
      float[] o = new float[rows * T];
      for (int t = 0; t < T; t++) for (int r = 0; r < 7 + p.n_chroma; r++) o[r * T + t] = base[t * rows + r];
      Decibels db = Decibels.power();
      // onset strength: dB floored at the clip maximum - 80, positive differences, lag 1, shifted
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < T * nMels; i++) max = Math.max(max, mel[i]);
      double floor = db.floor(max);
      int shift = 1 + p.n_fft / (2 * p.hop_length);
      for (int t = 0; t < T; t++) {
        int u = t - shift + 1; // the frame whose difference to u - 1 lands at t
        double v = 0;
        if (u >= 1 && u < T) {
          double a = 0;
          for (int m = 0; m < nMels; m++) {
            a += Math.max(0.0, Math.max(mel[u * nMels + m], floor) - Math.max(mel[(u - 1) * nMels + m], floor));
          }
          v = a / nMels;
        }
        o[6 * T + t] = (float) v;
      }
      // contrast: power_to_db of peaks and of valleys, each with its own whole-array maximum
      double pmax = Double.NEGATIVE_INFINITY, vmax = Double.NEGATIVE_INFINITY;
      double[] tmp = new double[2];
      for (int i = 0; i < T * nb; i++) {
        tmp[0] = pv[2 * i];
        tmp[1] = pv[2 * i + 1];
        db.toDb(tmp, 0, 2);
        pv[2 * i] = tmp[0];
        pv[2 * i + 1] = tmp[1];
        pmax = Math.max(pmax, tmp[0]);
        vmax = Math.max(vmax, tmp[1]);
      }
      double pf = db.floor(pmax), vf = db.floor(vmax);
      int row = 7 + p.n_chroma;
      for (int t = 0; t < T; t++) {
        for (int k = 0; k < nb; k++) {
          int i = t * nb + k;
          o[(row + k) * T + t] = (float) (Math.max(pv[2 * i], pf) - Math.max(pv[2 * i + 1], vf));
        }
      }
      return new FeatureMatrix(rows, T, o);
    }
  }

  /**
   * Frame features block by block: feed samples, then {@link #finish()} returns the matrix that
   * {@link #compute} gives for the whole signal (bit for bit). The samples are not kept.
   */
  public Streaming stream() {
    return new Streaming(this);
  }

  /** See {@link FrameFeatures#stream()}. Not thread-safe. */
  public static final class Streaming {
    private final Accumulator acc;
    private final Plan plan;
    private final io.themachine.audio.internal.cpu.StreamFramer framer;

    Streaming(FrameFeatures f) {
      plan = f.plan();
      acc = new Accumulator(plan, 0);
      framer = new io.themachine.audio.internal.cpu.StreamFramer(f.n_fft, f.hop_length, f.pad_mode, "frame features stream",
          (buf, bufStart, bufLen, total, t) -> plan.frame(buf, bufStart, bufLen, total, t, acc));
    }

    public Streaming accept(float[] block, int off, int n) {
      framer.accept(block, off, n);
      return this;
    }

    public FeatureMatrix finish() {
      framer.finish();
      plan.flush(acc);
      return acc.result();
    }
  }
}
