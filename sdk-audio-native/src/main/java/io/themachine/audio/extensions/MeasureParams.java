package io.themachine.audio.extensions;

import io.themachine.spi.Param;
import io.themachine.spi.ParamException;

/**
 * Parameters of {@code loudness.measure}.
 *
 * @param lraSampling how short-term loudness feeds LRA
 * @param dualMono    whether a one-channel input is dual mono
 * @param backend     which CPU kernel runs
 */
public record MeasureParams(
    @Param("short-term sampling for LRA: per_second (as libebur128) or every_100ms") String lraSampling,
    @Param("count a one-channel input twice (dual mono, reads like the stereo pair); else weight 1.0") boolean dualMono,
    @Param("kernel: auto (vector when available), scalar or vector") String backend) {

  public static final MeasureParams DEFAULTS = new MeasureParams("per_second", false, "auto");

  public MeasureParams {
    if (lraSampling == null) lraSampling = "per_second";
    if (!lraSampling.equals("per_second") && !lraSampling.equals("every_100ms")) {
      throw new ParamException("lra_sampling", "must be per_second or every_100ms");
    }
    backend = LoudnessExtensions.checkBackend(backend);
  }
}
