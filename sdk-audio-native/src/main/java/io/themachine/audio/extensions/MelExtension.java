package io.themachine.audio.extensions;

import io.themachine.audio.dsp.Decibels;
import io.themachine.audio.dsp.FeatureMatrix;
import io.themachine.audio.dsp.FeatureStream;
import io.themachine.audio.dsp.MelSpec;
import io.themachine.spi.ArtifactKind;
import io.themachine.spi.Descriptor;
import io.themachine.spi.Extension;
import io.themachine.spi.ExtensionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code features.mel}: a mel spectrogram per channel, librosa- or torchaudio-exact, stored as a
 * float32 {@code .npy} of shape {@code (n_mels, frames)} (mono) or {@code (channels, n_mels, frames)},
 * with the preset and every resolved parameter in the manifest. Audio is read in blocks.
 */
public final class MelExtension implements Extension<MelParams> {
  private static final Descriptor<MelParams> DESCRIPTOR = Descriptor.of("features.mel", "1.0.0", MelParams.DEFAULTS)
      .consumes(ArtifactKind.RECORDING, ArtifactKind.AUDIO)
      .produces(ArtifactKind.FEATURES)
      .summary("Mel spectrogram (librosa or torchaudio conventions) as float32 .npy");

  @Override
  public Descriptor<MelParams> descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public void run(ExtensionContext<MelParams> ctx) {
    MelParams p = ctx.params();
    List<FeatureStream> streams = new ArrayList<>();
    List<FeatureArtifacts.FrameCollector> collected = new ArrayList<>();
    MelSpec[] spec = new MelSpec[1];
    FeatureArtifacts.read(ctx, p.sample_rate(), (rate, channels) -> {
      spec[0] = p.resolve(rate);
      for (int c = 0; c < channels; c++) {
        FeatureArtifacts.FrameCollector fc = new FeatureArtifacts.FrameCollector(spec[0].n_mels());
        collected.add(fc);
        streams.add(spec[0].stream((t, v) -> fc.add(v)));
      }
      return (block, n) -> {
        for (int c = 0; c < channels; c++) streams.get(c).accept(block[c], 0, n);
      };
    });
    List<FeatureMatrix> out = new ArrayList<>();
    for (int c = 0; c < streams.size(); c++) {
      streams.get(c).finish();
      out.add(collected.get(c).matrix());
    }
    Map<String, Object> params = new LinkedHashMap<>(spec[0].toMap());
    params.put("db", p.db());
    if (p.db()) {
      // librosa's power_to_db over the whole (multi-channel) array: one maximum for all channels
      Decibels d = new Decibels(1.0, 1e-10, p.top_db());
      double max = Double.NEGATIVE_INFINITY;
      for (FeatureMatrix m : out) max = Math.max(max, new Decibels(1.0, 1e-10, 0).powerToDbInPlace(m.data(), Double.NaN));
      for (FeatureMatrix m : out) d.clip(m.data(), max);
      params.put("ref", 1.0);
      params.put("amin", 1e-10);
      params.put("top_db", p.top_db());
    }
    FeatureArtifacts.write(ctx, "mel", out, params);
  }
}
