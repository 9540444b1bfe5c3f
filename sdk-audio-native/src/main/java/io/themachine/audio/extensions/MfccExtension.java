package io.themachine.audio.extensions;

import io.themachine.audio.dsp.FeatureMatrix;
import io.themachine.audio.dsp.FeatureStream;
import io.themachine.audio.dsp.Mfcc;
import io.themachine.spi.ArtifactKind;
import io.themachine.spi.Descriptor;
import io.themachine.spi.Extension;
import io.themachine.spi.ExtensionContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code features.mfcc}: MFCCs per channel (DCT-II ortho of the dB mel power, top_db counted from
 * the maximum over the whole recording and all channels, as librosa and torchaudio do), stored as
 * float32 {@code .npy} {@code (n_mfcc, frames)} or {@code (channels, n_mfcc, frames)}.
 */
public final class MfccExtension implements Extension<MfccParams> {
  private static final Descriptor<MfccParams> DESCRIPTOR = Descriptor.of("features.mfcc", "1.0.0", MfccParams.DEFAULTS)
      .consumes(ArtifactKind.RECORDING, ArtifactKind.AUDIO)
      .produces(ArtifactKind.FEATURES)
      .summary("MFCC (librosa or torchaudio conventions) as float32 .npy");

  @Override
  public Descriptor<MfccParams> descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public void run(ExtensionContext<MfccParams> ctx) {
    MfccParams p = ctx.params();
    List<FeatureStream> streams = new ArrayList<>();
    List<FeatureArtifacts.FrameCollector> collected = new ArrayList<>();
    Mfcc[] spec = new Mfcc[1];
    FeatureArtifacts.read(ctx, p.sample_rate(), (rate, channels) -> {
      spec[0] = p.resolve(rate);
      for (int c = 0; c < channels; c++) {
        FeatureArtifacts.FrameCollector fc = new FeatureArtifacts.FrameCollector(spec[0].mel().n_mels());
        collected.add(fc);
        streams.add(spec[0].mel().stream((t, v) -> fc.add(v)));
      }
      return (block, n) -> {
        for (int c = 0; c < channels; c++) streams.get(c).accept(block[c], 0, n);
      };
    });
    List<FeatureMatrix> mels = new ArrayList<>();
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < streams.size(); c++) {
      streams.get(c).finish();
      FeatureMatrix m = collected.get(c).matrix();
      mels.add(m);
      max = Math.max(max, Mfcc.maxDb(m));
    }
    List<FeatureMatrix> out = new ArrayList<>();
    for (FeatureMatrix m : mels) out.add(spec[0].fromMelPower(m, m.frames() == 0 ? Double.NaN : max));
    FeatureArtifacts.write(ctx, "mfcc", out, spec[0].toMap());
  }
}
