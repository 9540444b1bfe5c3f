package io.themachine.audio.extensions;

import io.themachine.audio.dsp.LoudnessKernel;
import io.themachine.audio.dsp.LoudnessMeter;
import io.themachine.audio.dsp.LoudnessOptions;
import io.themachine.audio.dsp.LoudnessResult;
import io.themachine.spi.ArtifactId;
import io.themachine.spi.ArtifactKind;
import io.themachine.spi.Descriptor;
import io.themachine.spi.Extension;
import io.themachine.spi.ExtensionContext;
import io.themachine.spi.InputArtifact;
import io.themachine.spi.audio.AudioBlockReader;

/**
 * {@code loudness.measure}: ITU-R BS.1770-4 / EBU R128 loudness of a recording, streamed in blocks
 * with fixed memory, attached to the input as metrics ({@code loudness.integrated_lufs},
 * {@code loudness.range_lu}, {@code loudness.true_peak_dbtp}, {@code loudness.sample_peak_dbfs},
 * {@code loudness.max_momentary_lufs}, {@code loudness.max_short_term_lufs}) plus
 * {@code loudness.details} (layout, weights, status, method). Undefined values are written as
 * NaN, which the manifest stores as null; the details say why.
 */
public final class LoudnessMeasureExtension implements Extension<MeasureParams> {
  private static final Descriptor<MeasureParams> DESCRIPTOR =
      Descriptor.of("loudness.measure", "1.0.0", MeasureParams.DEFAULTS)
          .consumes(ArtifactKind.RECORDING, ArtifactKind.AUDIO)
          .summary("BS.1770-4 / EBU R128 loudness: I, LRA, max M/S, sample and true peak");
  private static final int BLOCK = 16384;

  @Override
  public Descriptor<MeasureParams> descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public void run(ExtensionContext<MeasureParams> ctx) {
    MeasureParams p = ctx.params();
    InputArtifact in = ctx.input();
    ArtifactId id = in.id();
    LoudnessKernel kernel = LoudnessExtensions.kernel(p.backend());
    LoudnessOptions options = LoudnessOptions.full().withDualMono(p.dualMono()).withLraSampling(
        p.lraSampling().equals("every_100ms") ? LoudnessOptions.LraSampling.EVERY_100_MS : LoudnessOptions.LraSampling.PER_SECOND);
    Double seconds = in.media().map(m -> m.decodedSeconds() != null ? m.decodedSeconds() : m.declaredSeconds()).orElse(null);
    LoudnessResult r;
    try (AudioBlockReader reader = in.audio().open()) {
      LoudnessMeter meter = kernel.meter(reader.sampleRate(), reader.layout(), options);
      float[][] block = new float[reader.channels()][BLOCK];
      long total = seconds == null ? 0 : (long) (seconds * reader.sampleRate());
      int blocks = 0;
      for (int n; (n = reader.read(block, 0, BLOCK)) > 0; ) {
        meter.accept(block, 0, n);
        if ((++blocks & 15) == 0) {
          ctx.checkCancelled();
          if (total > 0) ctx.progress(Math.min(1.0, reader.framesRead() / (double) total));
        }
      }
      r = meter.result();
    }
    LoudnessExtensions.metrics(r, (name, value) -> ctx.metric(id, name, value));
    ctx.metricJson(id, LoudnessExtensions.DETAILS, LoudnessExtensions.detailsJson(r, kernel.backend().name().toLowerCase(java.util.Locale.ROOT), null));
    ctx.progress(1.0);
    ctx.log().info("loudness_measured", "input", id, "status", r.status(), "integrated_lufs", LoudnessExtensions.integrated(r),
        "true_peak_dbtp", r.truePeakDbtp(), "non_finite_samples", r.nonFiniteSamples());
  }

}
