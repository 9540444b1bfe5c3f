package io.themachine.examples.extension;

import io.themachine.spi.ArtifactKind;
import io.themachine.spi.Descriptor;
import io.themachine.spi.Extension;
import io.themachine.spi.ExtensionContext;
import io.themachine.spi.InputArtifact;
import io.themachine.spi.Param;
import io.themachine.spi.ParamException;
import io.themachine.spi.audio.AudioBlockReader;

/**
 * {@code examples.peak}: a sample extension, the smallest useful one. It streams the decoded audio
 * of its input and attaches two metrics to it: the sample peak and the RMS level, both in dBFS
 * (20·log10 of the absolute value; full scale is 1.0, silence is -inf and written as null).
 *
 * <p>What every extension does: a parameter record (public, in an exported package) whose compact
 * constructor validates and throws {@link ParamException} naming the YAML field; a constant
 * {@link Descriptor}; a {@link #run} that reads inputs, checks cancellation, reports progress and
 * logs ids and numbers only. It is provided in {@code module-info.java}
 * ({@code provides io.themachine.spi.Extension with ...}).
 */
public final class PeakExtension implements Extension<PeakExtension.Params> {

  /** @param block frames read per block (memory use is channels × block floats) */
  public record Params(@Param("frames read per block, 256 to 1048576") int block) {
    public static final Params DEFAULTS = new Params(8192);

    public Params {
      if (block < 256 || block > 1 << 20) throw new ParamException("block", "must be between 256 and 1048576");
    }
  }

  private static final Descriptor<Params> DESCRIPTOR = Descriptor.of("examples.peak", "1.0.0", Params.DEFAULTS)
      .consumes(ArtifactKind.AUDIO, ArtifactKind.RECORDING)
      .summary("Sample peak and RMS level in dBFS (a sample extension)");

  @Override
  public Descriptor<Params> descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public void run(ExtensionContext<Params> ctx) {
    InputArtifact in = ctx.input();
    double peak = 0;
    double sumSquares = 0;
    long samples = 0;
    try (AudioBlockReader r = in.audio().open()) {
      int n = ctx.params().block();
      float[][] block = new float[r.channels()][n];
      int got;
      while ((got = r.read(block, 0, n)) > 0) {
        ctx.checkCancelled();
        for (float[] ch : block) {
          for (int i = 0; i < got; i++) {
            double v = ch[i];
            peak = Math.max(peak, Math.abs(v));
            sumSquares += v * v;
          }
        }
        samples += (long) got * block.length;
      }
    }
    double rms = samples == 0 ? 0 : Math.sqrt(sumSquares / samples);
    ctx.metric(in.id(), "examples.peak_dbfs", 20 * Math.log10(peak));
    ctx.metric(in.id(), "examples.rms_dbfs", 20 * Math.log10(rms));
    ctx.log().info("measured", "input", in.id(), "samples", samples);
    ctx.progress(1.0);
  }
}
