package io.themachine.audio.extensions;

import io.themachine.audio.dsp.Loudness;
import io.themachine.audio.dsp.LoudnessKernel;
import io.themachine.audio.dsp.NormalizeOptions;
import io.themachine.audio.dsp.NormalizeResult;
import io.themachine.audio.dsp.NormalizeStream;
import io.themachine.spi.ArtifactId;
import io.themachine.spi.ArtifactKind;
import io.themachine.spi.ArtifactWriter;
import io.themachine.spi.Descriptor;
import io.themachine.spi.Extension;
import io.themachine.spi.ExtensionContext;
import io.themachine.spi.InputArtifact;
import io.themachine.spi.audio.AudioEncoding;
import io.themachine.spi.audio.MediaException;
import java.util.Locale;

/**
 * {@code loudness.normalize}: two-pass normalization to a target (default -14 LUFS) with a
 * true-peak look-ahead limiter (default ceiling -1 dBTP) that runs only when the gain would push
 * the true peak over the ceiling, at the input's own rate and layout. Writes a new AUDIO artifact
 * (its parent is the input) carrying the re-measured loudness metrics, the gain, the limiter's
 * reduction and the path taken. An input whose loudness is undefined (too short, silent) produces
 * no artifact: the reason goes to the input's {@code loudness.details} and the log.
 *
 * <p>Streams: the input is decoded once to measure it, then again while the encoder consumes the
 * normalized, re-measured output ({@link Loudness#normalizeStream}), so memory does not grow with
 * the length. {@code max_seconds} is only a guard against runaway inputs, checked after the first pass.
 */
public final class LoudnessNormalizeExtension implements Extension<NormalizeParams> {
  private static final Descriptor<NormalizeParams> DESCRIPTOR =
      Descriptor.of("loudness.normalize", "1.0.0", NormalizeParams.DEFAULTS)
          .consumes(ArtifactKind.RECORDING, ArtifactKind.AUDIO)
          .produces(ArtifactKind.AUDIO)
          .summary("Two-pass loudness normalization with a true-peak limiter");

  @Override
  public Descriptor<NormalizeParams> descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public void run(ExtensionContext<NormalizeParams> ctx) {
    NormalizeParams p = ctx.params();
    InputArtifact in = ctx.input();
    ArtifactId id = in.id();
    LoudnessKernel kernel = LoudnessExtensions.kernel(p.backend());
    NormalizeOptions options = NormalizeOptions.defaults().withTarget(p.effectiveTargetLufs()).withCeiling(p.ceilingDbtp());
    String backend = kernel.backend().name().toLowerCase(Locale.ROOT);
    ArtifactId out;
    NormalizeResult r;
    // First pass (and the limiter's trial passes) here; the output is decoded again, normalized and
    // re-measured block by block while the encoder consumes it: nothing holds the whole signal.
    try (NormalizeStream s = Loudness.normalizeStream(kernel, in.audio(), options)) {
      if (s.input().frames() > p.maxSeconds() * s.sampleRate()) {
        throw new MediaException(MediaException.Reason.TOO_LARGE,
            "loudness.normalize: input longer than max_seconds = " + LoudnessExtensions.num(p.maxSeconds()));
      }
      ctx.checkCancelled();
      ctx.progress(0.2);
      if (s.path() == NormalizeResult.Path.UNCHANGED) {
        r = s.result();
        ctx.metricJson(id, LoudnessExtensions.DETAILS, LoudnessExtensions.detailsJson(r.input(), backend, summary(r, options)));
        ctx.log().warn("loudness_normalize_skipped", "input", id, "status", r.input().status());
        return;
      }
      AudioEncoding encoding = p.audioEncoding();
      try (ArtifactWriter w = ctx.newArtifact(ArtifactKind.AUDIO, encoding.fileExtension())) {
        w.writeAudio(s, encoding); // reads the stream to its end, so the re-measurement is complete
        ctx.checkCancelled();
        ctx.progress(0.9);
        r = s.result();
        LoudnessExtensions.metrics(r.output(), w::metric);
        w.metric("loudness.gain_db", r.gainDb());
        w.metric("loudness.limiter_max_reduction_db", r.limiterMaxReductionDb());
        w.metricJson(LoudnessExtensions.DETAILS, LoudnessExtensions.detailsJson(r.output(), backend, summary(r, options)));
        w.label("loudness.path", r.path().name().toLowerCase(Locale.ROOT));
        out = w.commit();
      }
    }
    ctx.progress(1.0);
    ctx.log().info("loudness_normalized", "input", id, "output", out, "path", r.path(), "gain_db", r.gainDb(),
        "limiter_db", r.limiterMaxReductionDb(), "target_met", r.targetMet());
  }

  private static String summary(NormalizeResult r, NormalizeOptions options) {
    return String.format(Locale.ROOT,
        "\"normalize\":{\"path\":\"%s\",\"target_lufs\":%s,\"ceiling_dbtp\":%s,\"gain_db\":%s,\"limiter_max_reduction_db\":%s,\"target_met\":%s,"
            + "\"input_integrated_lufs\":%s,\"input_true_peak_dbtp\":%s}",
        r.path().name().toLowerCase(Locale.ROOT), LoudnessExtensions.num(options.targetLufs()), LoudnessExtensions.num(options.ceilingDbtp()),
        LoudnessExtensions.num(r.gainDb()), LoudnessExtensions.num(r.limiterMaxReductionDb()), r.targetMet(),
        LoudnessExtensions.num(LoudnessExtensions.integrated(r.input())), LoudnessExtensions.num(r.input().truePeakDbtp()));
  }
}
