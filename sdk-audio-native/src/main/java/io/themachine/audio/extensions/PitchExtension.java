package io.themachine.audio.extensions;

import io.themachine.audio.dsp.Pyin;
import io.themachine.audio.dsp.Resampler;
import io.themachine.audio.dsp.Yin;
import io.themachine.audio.internal.npy.NpyWriter;
import io.themachine.spi.ArtifactKind;
import io.themachine.spi.ArtifactWriter;
import io.themachine.spi.Descriptor;
import io.themachine.spi.Extension;
import io.themachine.spi.ExtensionContext;
import io.themachine.spi.InputArtifact;
import io.themachine.spi.Param;
import io.themachine.spi.ParamException;
import io.themachine.spi.audio.AudioBlockReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * {@code features.pitch}: f0 per frame by pYIN or YIN (librosa 0.11 conventions, {@code preset:
 * librosa}), stored as a float32 {@code .npy}: rows {@code f0} (Hz, NaN where unvoiced),
 * {@code voiced_flag} (1 / 0) and {@code voiced_prob} for pYIN, {@code f0} alone for YIN; shape
 * {@code rows x frames} for mono, {@code channels x rows x frames} otherwise. Without
 * {@code sample_rate} the recording's own rate is used; with it the audio is first resampled with
 * the torchaudio-compatible kernel. The audio is streamed in blocks, never held: memory is a
 * frame window per channel plus the per-frame results (for pYIN, the Viterbi back-pointers; see
 * {@link Pyin.Stream}).
 */
public final class PitchExtension implements Extension<PitchExtension.Params> {
  /**
   * Parameters, named as librosa names them.
   *
   * @param method           {@code pyin} or {@code yin}
   * @param fmin             lowest f0, Hz
   * @param fmax             highest f0, Hz
   * @param frame_length     samples per frame
   * @param hop_length       samples between frames
   * @param trough_threshold YIN's absolute threshold (yin only)
   * @param sample_rate      analysis rate, Hz; 0 keeps the recording's own
   */
  public record Params(
      @Param("pyin (probabilistic, with voicing) or yin") String method,
      @Param("lowest f0, Hz (librosa: C2 = 65.4)") double fmin,
      @Param("highest f0, Hz (librosa: C7 = 2093)") double fmax,
      @Param("frame length, samples") int frame_length,
      @Param("hop length, samples") int hop_length,
      @Param("YIN trough threshold (method yin)") double trough_threshold,
      @Param("analysis sample rate, Hz; 0 keeps the recording's rate") int sample_rate) {
    public static final Params DEFAULTS = new Params("pyin", 65.0, 2093.0, 2048, 512, 0.1, 0);

    public Params {
      if (method == null || !(method.equals("pyin") || method.equals("yin"))) throw new ParamException("method", "must be pyin or yin");
      if (!(fmin > 0)) throw new ParamException("fmin", "must be positive");
      if (!(fmax > fmin)) throw new ParamException("fmax", "must exceed fmin");
      if (frame_length < 16 || frame_length > 1 << 16) throw new ParamException("frame_length", "must be between 16 and 65536");
      if (hop_length < 1 || hop_length > frame_length) throw new ParamException("hop_length", "must be between 1 and frame_length");
      if (!(trough_threshold > 0 && trough_threshold <= 1)) throw new ParamException("trough_threshold", "must be in (0, 1]");
      if (sample_rate < 0 || sample_rate > 768_000) throw new ParamException("sample_rate", "must be 0 (own rate) or up to 768000 Hz");
      if (sample_rate > 0) checkRate(sample_rate, fmin, fmax, frame_length);
    }

    /** Rate-dependent limits, checked once the analysis rate is known. */
    void checkRate(double sr) {
      checkRate(sr, fmin, fmax, frame_length);
    }

    private static void checkRate(double sr, double fmin, double fmax, int frame_length) {
      if (fmax > sr / 2) throw new ParamException("fmax", "exceeds the Nyquist frequency " + sr / 2 + " Hz");
      if (sr / fmin >= frame_length - 1) throw new ParamException("fmin", "too low for frame_length " + frame_length + " at " + sr + " Hz");
    }
  }

  private static final Descriptor<Params> DESCRIPTOR = Descriptor.of("features.pitch", "1.0.0", Params.DEFAULTS)
      .consumes(ArtifactKind.RECORDING, ArtifactKind.AUDIO)
      .produces(ArtifactKind.FEATURES)
      .summary("Pitch (f0) by pYIN or YIN, librosa conventions, as .npy");

  @Override
  public Descriptor<Params> descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public void run(ExtensionContext<Params> ctx) {
    Params p = ctx.params();
    InputArtifact input = ctx.input();
    boolean pyin = p.method().equals("pyin");
    int rows = pyin ? 3 : 1;
    int ch, sr, frames;
    float[] data;
    // the audio streams through in blocks: only the per-frame results (f0, or pYIN's
    // back-pointers) grow with the length
    try (AudioBlockReader in = input.audio().open()) {
      int from = in.sampleRate();
      sr = p.sample_rate() > 0 ? p.sample_rate() : from;
      p.checkRate(sr);
      ch = in.channels();
      Yin yin = new Yin(sr, p.fmin(), p.fmax(), p.frame_length(), p.hop_length(), p.trough_threshold(), true);
      Pyin py = Pyin.librosa(sr, p.fmin(), p.fmax()).withFrameLength(p.frame_length()).withHopLength(p.hop_length());
      Resampler.Stream[] rs = new Resampler.Stream[ch];
      Yin.Stream[] ys = new Yin.Stream[ch];
      Pyin.Stream[] ps = new Pyin.Stream[ch];
      float[][] f0 = new float[ch][];
      int[] nf = new int[ch];
      for (int c = 0; c < ch; c++) {
        if (sr != from) rs[c] = Resampler.torchaudio(from, sr).stream();
        if (pyin) ps[c] = py.stream();
        else {
          ys[c] = yin.stream();
          f0[c] = new float[1024];
        }
      }
      float[][] block = new float[ch][BLOCK];
      float[] resampled = rs[0] == null ? null : new float[rs[0].outputBound(BLOCK)];
      int maxIn = resampled == null ? BLOCK : resampled.length;
      double[] out = pyin ? null : new double[Math.max(ys[0].outputBound(maxIn), ys[0].finishBound())];
      long total = 0;
      for (int n; (n = in.read(block, 0, BLOCK)) > 0; ) {
        ctx.checkCancelled();
        for (int c = 0; c < ch; c++) {
          float[] x = block[c];
          int len = n;
          if (rs[c] != null) {
            len = rs[c].process(x, 0, n, resampled, 0);
            x = resampled;
          }
          feed(pyin, ps[c], ys[c], x, len, out, f0, nf, c);
        }
        total += n;
      }
      for (int c = 0; c < ch; c++) {
        if (rs[c] != null && total > 0) { // Resampler.process: no input, no output
          float[] tail = new float[rs[c].flushLength()];
          int len = rs[c].flush(tail, 0);
          if (!pyin && ys[c].outputBound(len) > out.length) out = new double[ys[c].outputBound(len)];
          feed(pyin, ps[c], ys[c], tail, len, out, f0, nf, c);
        }
      }
      frames = 0;
      data = null;
      for (int c = 0; c < ch; c++) {
        if (pyin) {
          Pyin.Result r = ps[c].finish();
          if (data == null) {
            frames = r.frames();
            data = new float[ch * rows * frames];
          }
          int base = c * rows * frames;
          for (int t = 0; t < frames; t++) {
            data[base + t] = (float) r.f0()[t];
            data[base + frames + t] = r.voiced()[t] ? 1f : 0f;
            data[base + 2 * frames + t] = (float) r.voicedProb()[t];
          }
        } else {
          int w = ys[c].finish(out, 0);
          append(f0, nf, c, out, w);
          if (data == null) {
            frames = nf[c];
            data = new float[ch * rows * frames];
          }
          System.arraycopy(f0[c], 0, data, c * rows * frames, frames);
          f0[c] = null;
        }
        ctx.progress((c + 1.0) / ch);
      }
      if (data == null) data = new float[0];
    }
    long[] shape = ch == 1 ? new long[] {rows, frames} : new long[] {ch, rows, frames};
    try (ArtifactWriter out = ctx.newArtifact(ArtifactKind.FEATURES, "npy")) {
      NpyWriter.writeHeader(out.stream(), shape);
      NpyWriter.writeData(out.stream(), data, 0, data.length);
      out.label("preset", "librosa");
      out.metric("features.frames", frames);
      out.metricJson("features.pitch", manifest(p, sr, shape, pyin));
      out.commit();
    } catch (IOException e) {
      throw new UncheckedIOException("features.pitch: writing the .npy failed", e);
    }
    ctx.log().info("pitch", "input", input.id(), "frames", frames, "channels", ch);
  }

  /** Samples read per block. */
  static final int BLOCK = 8192;

  private static void feed(boolean pyin, Pyin.Stream ps, Yin.Stream ys, float[] x, int len, double[] out,
      float[][] f0, int[] nf, int c) {
    if (pyin) {
      ps.process(x, 0, len);
    } else {
      int w = ys.process(x, 0, len, out, 0);
      append(f0, nf, c, out, w);
    }
  }

  private static void append(float[][] f0, int[] nf, int c, double[] v, int w) {
    if (nf[c] + w > f0[c].length) f0[c] = java.util.Arrays.copyOf(f0[c], Math.max(2 * f0[c].length, nf[c] + w));
    for (int i = 0; i < w; i++) f0[c][nf[c] + i] = (float) v[i];
    nf[c] += w;
  }

  static String manifest(Params p, int sr, long[] shape, boolean pyin) {
    StringBuilder s = new StringBuilder("{\"preset\":\"librosa\",\"method\":\"").append(p.method()).append('"');
    s.append(",\"sample_rate\":").append(sr);
    s.append(String.format(Locale.ROOT, ",\"fmin\":%s,\"fmax\":%s", p.fmin(), p.fmax()));
    s.append(",\"frame_length\":").append(p.frame_length()).append(",\"hop_length\":").append(p.hop_length());
    s.append(",\"center\":true,\"pad_mode\":\"constant\"");
    if (pyin) {
      s.append(",\"n_thresholds\":100,\"beta_parameters\":[2,18],\"boltzmann_parameter\":2,\"resolution\":0.1")
          .append(",\"max_transition_rate\":35.92,\"switch_prob\":0.01,\"no_trough_prob\":0.01,\"fill_na\":\"nan\"")
          .append(",\"rows\":[\"f0\",\"voiced_flag\",\"voiced_prob\"]");
    } else {
      s.append(String.format(Locale.ROOT, ",\"trough_threshold\":%s,\"rows\":[\"f0\"]", p.trough_threshold()));
    }
    s.append(",\"shape\":[");
    for (int i = 0; i < shape.length; i++) s.append(i == 0 ? "" : ",").append(shape[i]);
    return s.append("],\"dtype\":\"float32\"}").toString();
  }
}
