package io.themachine.audio.extensions;

import io.themachine.audio.dsp.Convention;
import io.themachine.audio.dsp.MelSpec;
import io.themachine.spi.Param;
import io.themachine.spi.ParamException;

/**
 * Parameters of {@code features.mel}, named as librosa names them. Zero means "the preset's
 * default" for the sizes and "the recording's own rate" for {@code sample_rate}; the artifact
 * records the resolved values.
 */
public record MelParams(
    @Param("conventions and defaults: librosa (zero padding, Slaney mel, area norm) or torchaudio (reflect, HTK, no norm)") String preset,
    @Param("analysis rate in Hz; 0 keeps the recording's own rate") int sample_rate,
    @Param("FFT size in samples; 0 takes the preset's (librosa 2048, torchaudio 400)") int n_fft,
    @Param("samples between frames; 0 takes the preset's rule (librosa win_length/4, torchaudio win_length/2)") int hop_length,
    @Param("window length in samples; 0 = n_fft") int win_length,
    @Param("number of mel bands") int n_mels,
    @Param("lowest band edge in Hz") double fmin,
    @Param("highest band edge in Hz; 0 = Nyquist as the preset defines it") double fmax,
    @Param("store dB (power_to_db: ref 1, amin 1e-10, top_db below the clip maximum) instead of power") boolean db,
    @Param("dynamic range of the dB output in dB; 0 = unlimited") double top_db) {

  public static final MelParams DEFAULTS = new MelParams("librosa", 0, 0, 0, 0, 128, 0.0, 0.0, false, 80.0);

  public MelParams {
    if (preset == null || !(preset.equals("librosa") || preset.equals("torchaudio"))) {
      throw new ParamException("preset", "must be librosa or torchaudio");
    }
    check(sample_rate, n_fft, hop_length, win_length, n_mels, fmin, fmax);
    if (!(top_db >= 0)) throw new ParamException("top_db", "must be 0 (none) or positive");
  }

  static void check(int sample_rate, int n_fft, int hop_length, int win_length, int n_mels, double fmin, double fmax) {
    if (sample_rate < 0 || sample_rate > 768_000) throw new ParamException("sample_rate", "must be 0 (recording's rate) or 1..768000 Hz");
    if (n_fft != 0 && (n_fft < 16 || n_fft > 1 << 16)) throw new ParamException("n_fft", "must be 0 (preset) or 16..65536");
    if (hop_length < 0) throw new ParamException("hop_length", "must be 0 (preset) or positive");
    if (win_length < 0) throw new ParamException("win_length", "must be 0 (n_fft) or positive");
    if (win_length > 0 && n_fft > 0 && win_length > n_fft) throw new ParamException("win_length", "must not exceed n_fft");
    if (n_mels < 1 || n_mels > 1024) throw new ParamException("n_mels", "must be 1..1024");
    if (!(fmin >= 0)) throw new ParamException("fmin", "must be >= 0 Hz");
    if (!(fmax >= 0)) throw new ParamException("fmax", "must be 0 (Nyquist) or positive");
    if (fmax > 0 && fmax <= fmin) throw new ParamException("fmax", "must exceed fmin");
    if (sample_rate > 0 && fmax > sample_rate / 2.0) throw new ParamException("fmax", "must not exceed sample_rate / 2");
  }

  /** The mel configuration for audio at {@code rate} Hz. */
  public MelSpec resolve(int rate) {
    return resolve(preset, rate, n_fft, hop_length, win_length, n_mels, fmin, fmax);
  }

  static MelSpec resolve(String preset, int rate, int n_fft, int hop_length, int win_length, int n_mels, double fmin, double fmax) {
    MelSpec m = MelSpec.of(Convention.parse(preset), rate);
    if (n_fft > 0) m = m.n_fft(n_fft);
    if (win_length > 0) {
      if (win_length > m.n_fft()) throw new ParamException("win_length", "must not exceed n_fft");
      m = m.win_length(win_length);
    }
    if (hop_length > 0) m = m.hop_length(hop_length);
    m = m.n_mels(n_mels).fmin(fmin);
    if (fmax > 0) {
      if (fmax > rate / 2.0) throw new ParamException("fmax", "must not exceed half the sample rate (" + rate + " Hz)");
      m = m.fmax(fmax);
    }
    if (m.fmin() >= m.fmax()) throw new ParamException("fmin", "must be below fmax (" + m.fmax() + " Hz)");
    return m;
  }
}
