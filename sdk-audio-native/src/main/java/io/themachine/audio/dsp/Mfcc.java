package io.themachine.audio.dsp;

import io.themachine.audio.internal.cpu.CepstrumKernel;
import io.themachine.audio.internal.cpu.DecibelKernel;
import io.themachine.audio.internal.cpu.Framer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * MFCC: mel power, {@code power_to_db} (ref 1, amin 1e-10, {@code top_db} below the maximum of the
 * whole clip), DCT-II with orthonormal scaling over the mel bands ({@code c_k = sqrt(2/N) sum_n x_n
 * cos(pi k (n + 1/2) / N)}, {@code c_0} times {@code 1/sqrt 2}), the first {@code n_mfcc} kept,
 * then librosa's sinusoidal lifter {@code 1 + (L/2) sin(pi (k+1) / L)} when {@code lifter > 0}.
 * librosa.feature.mfcc and torchaudio.transforms.MFCC ({@code log_mels=False}) both do exactly this.
 *
 * @param mel the mel spectrogram it starts from
 * @param n_mfcc coefficients kept
 * @param top_db dynamic range of the dB step (0: none)
 * @param lifter lifter length (0: none)
 */
public record Mfcc(MelSpec mel, int n_mfcc, double top_db, double lifter) {
  public Mfcc {
    Objects.requireNonNull(mel, "mel");
    if (n_mfcc < 1 || n_mfcc > mel.n_mels()) throw new IllegalArgumentException("n_mfcc must be in 1..n_mels: " + n_mfcc);
    if (top_db < 0) throw new IllegalArgumentException("top_db must be non-negative: " + top_db);
    if (lifter < 0) throw new IllegalArgumentException("lifter must be non-negative: " + lifter);
  }

  /** librosa.feature.mfcc: 20 coefficients on {@link MelSpec#librosa}, top_db 80, no lifter. */
  public static Mfcc librosa(int sample_rate) {
    return new Mfcc(MelSpec.librosa(sample_rate), 20, 80.0, 0.0);
  }

  /** torchaudio.transforms.MFCC: 40 coefficients on {@link MelSpec#torchaudio}, top_db 80. */
  public static Mfcc torchaudio(int sample_rate) {
    return new Mfcc(MelSpec.torchaudio(sample_rate), 40, 80.0, 0.0);
  }

  public Mfcc n_mfcc(int v) { return new Mfcc(mel, v, top_db, lifter); }

  public Mfcc top_db(double v) { return new Mfcc(mel, n_mfcc, v, lifter); }

  public Mfcc lifter(double v) { return new Mfcc(mel, n_mfcc, top_db, v); }

  public Mfcc mel(MelSpec v) { return new Mfcc(v, n_mfcc, top_db, lifter); }

  public Mfcc n_fft(int v) { return mel(mel.n_fft(v)); }

  public Mfcc hop_length(int v) { return mel(mel.hop_length(v)); }

  public Mfcc n_mels(int v) { return mel(mel.n_mels(v)); }

  public Mfcc sample_rate(int v) { return mel(mel.sample_rate(v)); }

  public int frames(long length) {
    return mel.frames(length);
  }

  /** {@code n_mfcc x frames}, whole-clip dB maximum. */
  public FeatureMatrix compute(float[] x) {
    return plan().compute(x, Double.NaN);
  }

  public Plan plan() {
    return new Plan(this);
  }

  /**
   * Streams MFCCs block by block. {@code maxDb} is the dB maximum {@code top_db} counts from: a
   * stream cannot know the clip's own maximum in advance, so it is given explicitly, and
   * {@code plan().compute(x, maxDb)} on the whole signal gives the same frames.
   */
  public FeatureStream stream(double maxDb, FeatureStream.FrameSink sink) {
    if (!Double.isFinite(maxDb)) throw new IllegalArgumentException("mfcc stream: maxDb must be finite, got " + maxDb);
    if (!mel.center()) throw new IllegalArgumentException("mfcc stream: needs center=true");
    Plan p = plan();
    return new FeatureStream(new io.themachine.audio.internal.cpu.StreamFramer(mel.n_fft(), mel.hop_length(), mel.pad_mode(),
        "mfcc stream", (buf, bufStart, bufLen, total, t) -> sink.frame(t, p.frame(buf, bufStart, bufLen, total, t, maxDb))));
  }

  /**
   * MFCCs from an already computed mel power matrix ({@code n_mels x frames}, e.g. streamed), with
   * {@code top_db} counted from {@code maxDb} (NaN: this matrix's own dB maximum).
   */
  public FeatureMatrix fromMelPower(FeatureMatrix melPower, double maxDb) {
    int nMels = mel.n_mels();
    if (melPower.rows() != nMels) throw new IllegalArgumentException("mfcc: " + melPower.rows() + " mel bands, expected " + nMels);
    int frames = melPower.frames();
    Decibels dbs = new Decibels(1.0, 1e-10, top_db);
    float[] d = new float[nMels * frames];
    double max = DecibelKernel.SCALAR.toDb(melPower.data(), 0, d, 0, d.length);
    double floor = dbs.floor(Double.isNaN(maxDb) ? max : maxDb);
    Plan p = new Plan(this, false);
    FeatureMatrix out = FeatureMatrix.zeros(n_mfcc, frames);
    double[] col = new double[nMels];
    for (int t = 0; t < frames; t++) {
      for (int b = 0; b < nMels; b++) col[b] = Math.max(d[b * frames + t], floor);
      p.cepstrum(col, out.data(), t, frames);
    }
    return out;
  }

  /**
   * The largest {@code 10 log10(max(1e-10, S))} of a mel power matrix (the float32 dB the MFCC
   * paths use): the clip maximum {@code top_db} counts from.
   */
  public static double maxDb(FeatureMatrix melPower) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : melPower.data()) max = Math.max(max, DecibelKernel.db(v));
    return max;
  }

  /** The DCT-II ortho matrix, {@code n_mfcc x n_mels}, in double. */
  public static double[] dctOrtho(int nOut, int n) {
    double[] d = new double[nOut * n];
    for (int k = 0; k < nOut; k++) {
      double s = k == 0 ? Math.sqrt(1.0 / n) : Math.sqrt(2.0 / n);
      for (int i = 0; i < n; i++) d[k * n + i] = s * Math.cos(Math.PI * k * (2 * i + 1) / (2.0 * n));
    }
    return d;
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>(mel.toMap());
    m.put("n_mfcc", n_mfcc);
    m.put("top_db", top_db);
    m.put("lifter", lifter);
    return m;
  }

  /**
   * FFT, filter bank, DCT and scratch for one thread. The mel part is {@link MelSpec.Plan}'s (float32
   * where it applies); dB values in float32 ({@link DecibelKernel}, within 2e-5 dB of
   * {@code 10 log10}); the DCT in double, several frames per call ({@link CepstrumKernel}). Whole,
   * streamed and {@link #fromMelPower} results share these kernels, so they agree bit for bit.
   */
  public static final class Plan {
    private final Mfcc spec;
    private final MelSpec.Plan mel;
    private final double[] dct;
    private final double[] lift;
    private final double[] db;
    private final CepstrumKernel cep;
    private final double[] dbTile;
    private final DecibelKernel dbk = DecibelKernel.best();

    Plan(Mfcc spec) {
      this(spec, true);
    }

    Plan(Mfcc spec, boolean withMel) {
      this.spec = spec;
      this.mel = withMel ? spec.mel.plan() : null;
      this.dct = dctOrtho(spec.n_mfcc, spec.mel.n_mels());
      this.lift = new double[spec.n_mfcc];
      for (int k = 0; k < spec.n_mfcc; k++) {
        lift[k] = spec.lifter > 0 ? 1.0 + (spec.lifter / 2.0) * Math.sin(Math.PI * (k + 1) / spec.lifter) : 1.0;
      }
      this.db = new double[spec.mel.n_mels()];
      this.cep = withMel ? CepstrumKernel.create() : CepstrumKernel.SCALAR;
      this.dbTile = new double[spec.mel.n_mels() * cep.lanes()];
    }

    /**
     * MFCC of a whole signal. {@code maxDb}: the dB maximum {@code top_db} counts from; NaN uses the
     * clip's own maximum (librosa, torchaudio).
     */
    public FeatureMatrix compute(float[] x, double maxDb) {
      int frames = spec.frames(x.length);
      FeatureMatrix out = FeatureMatrix.zeros(spec.n_mfcc, frames);
      float[] melDb = new float[spec.mel.n_mels() * frames];
      compute(x, maxDb, melDb, out.data());
      return out;
    }

    /**
     * Reused-buffer path (no allocation): {@code melDb} holds {@code n_mels * frames} scratch (left
     * holding the unfloored mel dB values, {@code n_mels x frames}), {@code out} {@code n_mfcc * frames}.
     */
    public void compute(float[] x, double maxDb, float[] melDb, float[] out) {
      Framer.requireFinite(x, 0, x.length, "mfcc");
      int frames = spec.frames(x.length);
      int nMels = spec.mel.n_mels();
      float max = Float.NEGATIVE_INFINITY;
      // pass 1: mel dB for every frame (the top_db floor needs the clip's maximum first)
      for (int t = 0; t < frames; ) {
        int lanes = mel.frameBatch(x, 0, x.length, x.length, t, frames - t);
        if (lanes > 0) {
          float[] mb = mel.melBatch;
          for (int b = 0; b < nMels; b++) max = Math.max(max, dbk.toDb(mb, b * lanes, melDb, b * frames + t, lanes));
          t += lanes;
          continue;
        }
        mel.frame(x, 0, x.length, x.length, t);
        for (int b = 0; b < nMels; b++) {
          float v = DecibelKernel.db(mel.melF[b]);
          max = Math.max(max, v);
          melDb[b * frames + t] = v;
        }
        t++;
      }
      double floor = new Decibels(1.0, 1e-10, spec.top_db).floor(Double.isNaN(maxDb) ? max : maxDb);
      // pass 2: floor, DCT and lifter, cep.lanes() frames per call
      int nc = spec.n_mfcc;
      int lanes = cep.lanes();
      int t = 0;
      if (lanes > 1) {
        for (; t + lanes <= frames; t += lanes) {
          for (int b = 0; b < nMels; b++) {
            int row = b * frames + t;
            for (int j = 0; j < lanes; j++) dbTile[b * lanes + j] = Math.max(melDb[row + j], floor);
          }
          cep.apply(dct, lift, nc, nMels, dbTile, out, t, frames);
        }
      }
      for (; t < frames; t++) {
        for (int b = 0; b < nMels; b++) db[b] = Math.max(melDb[b * frames + t], floor);
        cepstrum(db, out, t, frames);
      }
    }

    private float[] one;

    /** One frame, dB floored at {@code maxDb - top_db}; the returned array is reused. */
    float[] frame(float[] buf, long bufStart, int bufLen, long total, long t, double maxDb) {
      if (one == null) one = new float[spec.n_mfcc];
      int nMels = spec.mel.n_mels();
      mel.frame(buf, bufStart, bufLen, total, t);
      double floor = new Decibels(1.0, 1e-10, spec.top_db).floor(maxDb);
      for (int b = 0; b < nMels; b++) db[b] = Math.max(DecibelKernel.db(mel.melF[b]), floor);
      cepstrum(db, one, 0, 1);
      return one;
    }

    /** DCT and lifter of one frame of (already floored) dB values into column {@code t}. */
    void cepstrum(double[] dbFrame, float[] out, int t, int frames) {
      CepstrumKernel.SCALAR.apply(dct, lift, spec.n_mfcc, dbFrame.length, dbFrame, out, t, frames);
    }
  }
}
