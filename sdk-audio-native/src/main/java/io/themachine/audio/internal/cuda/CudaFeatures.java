package io.themachine.audio.internal.cuda;

import io.themachine.audio.dsp.Decibels;
import io.themachine.audio.dsp.FeatureMatrix;
import io.themachine.audio.dsp.MelSpec;
import io.themachine.audio.dsp.Mfcc;
import io.themachine.audio.dsp.PadMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Batched log-mel and MFCC on the device for the {@link MelSpec} / {@link Mfcc} presets (librosa
 * and torchaudio conventions: the window of {@code win_length} zero-padded and centred in
 * {@code n_fft}, the preset's own dense filter bank made sparse, centring with constant or reflect
 * padding; {@code edge} padding is not offered on the device). Same shapes as the CPU reference:
 * {@code n_mels x frames} per clip.
 */
public final class CudaFeatures {
  private CudaFeatures() {}

  /** Frames per pass: bounds the device scratch (two 65,536 x n_fft float buffers). */
  static final int PASS_FRAMES = 65536;

  /** Equal passes of at most {@link #PASS_FRAMES} frames, so no pass transforms unused frames. */
  static int passFrames(long total) {
    long passes = Math.max(1, (total + PASS_FRAMES - 1) / PASS_FRAMES);
    return (int) Math.max(1, (total + passes - 1) / passes);
  }

  /** The kernel's parameters for {@code spec} with a log step. */
  public static MelParams params(MelSpec spec, MelParams.Log log, Decibels db) {
    if (spec.center() && spec.pad_mode() == PadMode.EDGE) throw new IllegalArgumentException("CUDA mel: pad_mode edge is not supported");
    double[] w = spec.stft().windowValues();
    float[] win = new float[spec.n_fft()];
    int left = (spec.n_fft() - w.length) / 2; // librosa util.pad_center and torch.stft
    for (int i = 0; i < w.length; i++) win[left + i] = (float) w[i];
    float topDb = db == null || !(db.top_db() > 0) ? Float.NaN : (float) db.top_db();
    return new MelParams(spec.n_fft(), spec.hop_length(), win, spec.center(), spec.pad_mode() == PadMode.REFLECT, spec.n_mels(),
        spec.filterBank().data(), spec.power(), log, db == null ? 1e-10f : (float) db.amin(), db == null ? 1f : (float) db.ref(),
        topDb, 0f);
  }

  /** Mel power (or magnitude) per clip. */
  public static List<FeatureMatrix> mel(MelSpec spec, List<float[]> clips) {
    return run(params(spec, MelParams.Log.NONE, null), clips, 0, 0);
  }

  /** {@code power_to_db} of the mel power per clip (top_db below each clip's own maximum). */
  public static List<FeatureMatrix> melDb(MelSpec spec, Decibels db, List<float[]> clips) {
    return run(params(spec, MelParams.Log.DB, db), clips, 0, 0);
  }

  /** MFCC per clip: dB (ref 1, amin 1e-10, the clip's top_db), orthonormal DCT-II, lifter. */
  public static List<FeatureMatrix> mfcc(Mfcc m, List<float[]> clips) {
    return run(params(m.mel(), MelParams.Log.DB, new Decibels(1.0, 1e-10, m.top_db())), clips, m.n_mfcc(), m.lifter());
  }

  private static List<FeatureMatrix> run(MelParams p, List<float[]> clips, int nMfcc, double lifter) {
    long total = 0;
    for (float[] c : clips) total += p.frames(c.length);
    int pass = passFrames(total);
    return CudaSession.with(s -> {
      try (CudaMel k = new CudaMel(s.context(), s.cacheDir(), p, pass); CudaMel.Batch b = k.upload(clips)) {
        k.run(b, s.stream());
        s.stream().synchronize();
        List<float[]> data = nMfcc > 0 ? k.mfcc(b, nMfcc, lifter, s.stream()) : k.results(b);
        List<FeatureMatrix> out = new ArrayList<>(clips.size());
        for (int c = 0; c < clips.size(); c++) {
          out.add(new FeatureMatrix(nMfcc > 0 ? nMfcc : p.nMels(), p.frames(clips.get(c).length), data.get(c)));
        }
        return out;
      }
    });
  }
}
