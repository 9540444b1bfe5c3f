package io.themachine.audio.extensions;

import io.themachine.spi.Param;
import io.themachine.spi.ParamException;

/**
 * Parameters of {@code loudness.normalize}.
 *
 * @param targetLufs  integrated loudness to reach
 * @param preset      a named target that overrides targetLufs when not empty
 * @param ceilingDbtp true-peak ceiling
 * @param encoding    output encoding
 * @param maxSeconds  longest input accepted: a guard only (normalization streams, so memory does not grow with it)
 * @param backend     which CPU kernel measures
 */
public record NormalizeParams(
    @Param("integrated loudness target, LUFS, -70 to 0 (default -14)") double targetLufs,
    @Param("named target overriding target_lufs: streaming (-14), podcast (-16), ebu_r128 (-23), or empty") String preset,
    @Param("true-peak ceiling, dBTP (BS.1770-4 Annex 2), -20 to 0 (default -1)") double ceilingDbtp,
    @Param("output encoding: wav_float (default), wav16, wav24, flac, mp3 or mp3_<kbps>") String encoding,
    @Param("longest input accepted, seconds, 1 to 43200 (default 14400)") double maxSeconds,
    @Param("kernel: auto (vector when available), scalar or vector") String backend) {

  public static final NormalizeParams DEFAULTS = new NormalizeParams(-14.0, "", -1.0, "wav_float", 14400, "auto");

  public NormalizeParams {
    if (!(targetLufs >= -70 && targetLufs <= 0)) throw new ParamException("target_lufs", "must be between -70 and 0");
    if (preset == null) preset = "";
    switch (preset) {
      case "", "streaming", "podcast", "ebu_r128" -> { }
      default -> throw new ParamException("preset", "must be streaming, podcast, ebu_r128 or empty");
    }
    if (!(ceilingDbtp >= -20 && ceilingDbtp <= 0)) throw new ParamException("ceiling_dbtp", "must be between -20 and 0");
    if (encoding == null) encoding = "wav_float";
    EncodingParam.of(encoding);
    if (!(maxSeconds >= 1 && maxSeconds <= 43200)) throw new ParamException("max_seconds", "must be between 1 and 43200");
    backend = LoudnessExtensions.checkBackend(backend);
  }

  /** The target after the preset. */
  public double effectiveTargetLufs() {
    return switch (preset) {
      case "streaming" -> -14.0;
      case "podcast" -> -16.0;
      case "ebu_r128" -> -23.0;
      default -> targetLufs;
    };
  }

  public io.themachine.spi.audio.AudioEncoding audioEncoding() {
    return EncodingParam.of(encoding);
  }
}
