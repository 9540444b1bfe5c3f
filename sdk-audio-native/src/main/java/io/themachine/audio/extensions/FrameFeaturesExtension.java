package io.themachine.audio.extensions;

import io.themachine.audio.dsp.FeatureMatrix;
import io.themachine.audio.dsp.FrameFeatures;
import io.themachine.spi.ArtifactKind;
import io.themachine.spi.Descriptor;
import io.themachine.spi.Extension;
import io.themachine.spi.ExtensionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code features.frame}: librosa's frame features from one STFT per channel (centroid, bandwidth,
 * rolloff, flatness, ZCR, RMS, onset strength, 12 chroma, 7 contrast bands; the row order is in the
 * manifest as {@code rows}), stored as float32 {@code .npy} {@code (26, frames)} or {@code (channels, 26, frames)}.
 */
public final class FrameFeaturesExtension implements Extension<FrameParams> {
  private static final Descriptor<FrameParams> DESCRIPTOR = Descriptor.of("features.frame", "1.0.0", FrameParams.DEFAULTS)
      .consumes(ArtifactKind.RECORDING, ArtifactKind.AUDIO)
      .produces(ArtifactKind.FEATURES)
      .summary("Spectral centroid, bandwidth, rolloff, flatness, ZCR, RMS, onset strength, chroma, contrast (librosa) as .npy");

  @Override
  public Descriptor<FrameParams> descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public void run(ExtensionContext<FrameParams> ctx) {
    FrameParams p = ctx.params();
    List<FrameFeatures.Streaming> streams = new ArrayList<>();
    FrameFeatures[] spec = new FrameFeatures[1];
    FeatureArtifacts.read(ctx, p.sample_rate(), (rate, channels) -> {
      spec[0] = p.resolve(rate);
      for (int c = 0; c < channels; c++) streams.add(spec[0].stream());
      return (block, n) -> {
        for (int c = 0; c < channels; c++) streams.get(c).accept(block[c], 0, n);
      };
    });
    List<FeatureMatrix> out = new ArrayList<>();
    for (FrameFeatures.Streaming s : streams) out.add(s.finish());
    Map<String, Object> params = new LinkedHashMap<>(spec[0].toMap());
    params.put("rows", String.join(",", spec[0].rowNames()));
    FeatureArtifacts.write(ctx, "frame", out, params);
  }
}
