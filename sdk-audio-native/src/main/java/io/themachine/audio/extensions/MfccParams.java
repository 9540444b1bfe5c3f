package io.themachine.audio.extensions;

import io.themachine.audio.dsp.Mfcc;
import io.themachine.spi.Param;
import io.themachine.spi.ParamException;

/** Parameters of {@code features.mfcc}, named as librosa names them; 0 means the preset's default. */
public record MfccParams(
    @Param("conventions and defaults: librosa or torchaudio") String preset,
    @Param("analysis rate in Hz; 0 keeps the recording's own rate") int sample_rate,
    @Param("FFT size in samples; 0 takes the preset's (librosa 2048, torchaudio 400)") int n_fft,
    @Param("samples between frames; 0 takes the preset's rule") int hop_length,
    @Param("window length in samples; 0 = n_fft") int win_length,
    @Param("number of mel bands") int n_mels,
    @Param("lowest band edge in Hz") double fmin,
    @Param("highest band edge in Hz; 0 = Nyquist as the preset defines it") double fmax,
    @Param("coefficients kept; 0 takes the preset's (librosa 20, torchaudio 40)") int n_mfcc,
    @Param("dB dynamic range below the clip maximum before the DCT; 0 = unlimited") double top_db,
    @Param("sinusoidal lifter length (librosa); 0 = none") double lifter) {

  public static final MfccParams DEFAULTS = new MfccParams("librosa", 0, 0, 0, 0, 128, 0.0, 0.0, 0, 80.0, 0.0);

  public MfccParams {
    if (preset == null || !(preset.equals("librosa") || preset.equals("torchaudio"))) {
      throw new ParamException("preset", "must be librosa or torchaudio");
    }
    MelParams.check(sample_rate, n_fft, hop_length, win_length, n_mels, fmin, fmax);
    if (n_mfcc < 0 || n_mfcc > n_mels) throw new ParamException("n_mfcc", "must be 0 (preset) or 1..n_mels");
    if (!(top_db >= 0)) throw new ParamException("top_db", "must be 0 (none) or positive");
    if (!(lifter >= 0)) throw new ParamException("lifter", "must be 0 (none) or positive");
  }

  public Mfcc resolve(int rate) {
    Mfcc base = preset.equals("librosa") ? Mfcc.librosa(rate) : Mfcc.torchaudio(rate);
    int n = n_mfcc > 0 ? n_mfcc : Math.min(base.n_mfcc(), n_mels);
    return new Mfcc(MelParams.resolve(preset, rate, n_fft, hop_length, win_length, n_mels, fmin, fmax), n, top_db, lifter);
  }
}
