package io.themachine.audio.extensions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themachine.audio.dsp.Decibels;
import io.themachine.audio.dsp.FeatureMatrix;
import io.themachine.audio.dsp.FrameFeatures;
import io.themachine.audio.dsp.MelSpec;
import io.themachine.audio.dsp.Mfcc;
import io.themachine.spi.ArtifactKind;
import io.themachine.spi.Extension;
import io.themachine.spi.ParamException;
import io.themachine.spi.audio.AudioBuffer;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class FeatureExtensionsTest {
  static float[] tone(int sr, int n, double f, double a) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = (float) (a * Math.sin(2 * Math.PI * f * i / sr) + 0.05 * Math.sin(2 * Math.PI * 3 * f * i / sr));
    return x;
  }

  @Test
  void mel_monoDefaults_writesLibrosaMelAsNpyWithParams() {
    float[] x = tone(22050, 30_000, 440, 0.5);
    var ctx = new MemoryContext<>(MelParams.DEFAULTS, AudioBuffer.of(22050, x));
    new MelExtension().run(ctx);
    assertThat(ctx.writers).hasSize(1);
    var w = ctx.writers.get(0);
    assertThat(w.kind).isEqualTo(ArtifactKind.FEATURES);
    assertThat(w.extension).isEqualTo("npy");
    Npy npy = Npy.parse(w.bytes.toByteArray());
    FeatureMatrix want = MelSpec.librosa(22050).compute(x);
    assertThat(npy.shape()).containsExactly(128, want.frames());
    assertThat(npy.data()).isEqualTo(want.data());
    assertThat(w.labels).containsEntry("preset", "librosa").containsEntry("feature", "mel");
    assertThat(w.json.get("params")).contains("\"n_fft\": 2048", "\"hop_length\": 512", "\"sample_rate\": 22050",
        "\"preset\": \"librosa\"", "\"mel_scale\": \"slaney\"", "\"pad_mode\": \"constant\"");
    assertThat(w.json.get("shape")).isEqualTo("[128, " + want.frames() + "]");
    assertThat(ctx.progress).isEqualTo(1.0);
  }

  @Test
  void mel_stereoTorchaudioDb_isChannelsByBinsByFramesWithOneMaximum() {
    float[] l = tone(16000, 16000, 300, 0.5), r = tone(16000, 16000, 1200, 0.05);
    var p = new MelParams("torchaudio", 0, 400, 160, 0, 80, 0, 0, true, 80.0);
    var ctx = new MemoryContext<>(p, AudioBuffer.of(16000, l, r));
    new MelExtension().run(ctx);
    Npy npy = Npy.parse(ctx.writers.get(0).bytes.toByteArray());
    MelSpec spec = MelSpec.torchaudio(16000).n_fft(400).hop_length(160).n_mels(80);
    assertThat(spec.win_length()).isEqualTo(400);
    FeatureMatrix ml = spec.compute(l), mr = spec.compute(r);
    assertThat(npy.shape()).containsExactly(2, 80, 101);
    float[] both = new float[ml.data().length * 2];
    System.arraycopy(ml.data(), 0, both, 0, ml.data().length);
    System.arraycopy(mr.data(), 0, both, ml.data().length, mr.data().length);
    new Decibels(1.0, 1e-10, 80.0).powerToDbInPlace(both, Double.NaN);
    assertThat(npy.data()).isEqualTo(both);
    assertThat(ctx.writers.get(0).labels).containsEntry("preset", "torchaudio");
  }

  @Test
  void mfcc_defaults_matchMfccCompute() {
    float[] x = tone(22050, 40_000, 220, 0.3);
    var ctx = new MemoryContext<>(MfccParams.DEFAULTS, AudioBuffer.of(22050, x));
    new MfccExtension().run(ctx);
    Npy npy = Npy.parse(ctx.writers.get(0).bytes.toByteArray());
    FeatureMatrix want = Mfcc.librosa(22050).compute(x);
    assertThat(npy.shape()).containsExactly(20, want.frames());
    for (int i = 0; i < want.data().length; i++) assertThat(Math.abs(npy.data()[i] - want.data()[i])).isLessThan(1e-4f);
    assertThat(ctx.writers.get(0).json.get("params")).contains("\"n_mfcc\": 20", "\"top_db\": 80.0");
  }

  @Test
  void frame_defaults_matchFrameFeaturesCompute() {
    float[] x = tone(22050, 25_000, 440, 0.3);
    var ctx = new MemoryContext<>(FrameParams.DEFAULTS, AudioBuffer.of(22050, x));
    new FrameFeaturesExtension().run(ctx);
    Npy npy = Npy.parse(ctx.writers.get(0).bytes.toByteArray());
    FeatureMatrix want = FrameFeatures.librosa(22050).compute(x);
    assertThat(npy.shape()).containsExactly(26, want.frames());
    assertThat(npy.data()).isEqualTo(want.data());
    assertThat(ctx.writers.get(0).json.get("params")).contains("spectral_centroid", "chroma_C");
  }

  @Test
  void mel_emptyRecording_writesZeroFrames() {
    var ctx = new MemoryContext<>(MelParams.DEFAULTS, AudioBuffer.of(22050, new float[0]));
    new MelExtension().run(ctx);
    assertThat(Npy.parse(ctx.writers.get(0).bytes.toByteArray()).shape()).containsExactly(128, 0);
  }

  @Test
  void params_invalid_throwParamExceptionNamingTheField() {
    assertThatThrownBy(() -> new MelParams("kaldi", 0, 0, 0, 0, 128, 0, 0, false, 80))
        .isInstanceOf(ParamException.class).satisfies(e -> assertThat(((ParamException) e).field()).isEqualTo("preset"));
    assertThatThrownBy(() -> new MelParams("librosa", 0, 8, 0, 0, 128, 0, 0, false, 80))
        .isInstanceOf(ParamException.class).satisfies(e -> assertThat(((ParamException) e).field()).isEqualTo("n_fft"));
    assertThatThrownBy(() -> new MfccParams("librosa", 0, 0, 0, 0, 40, 0, 0, 41, 80, 0))
        .isInstanceOf(ParamException.class).satisfies(e -> assertThat(((ParamException) e).field()).isEqualTo("n_mfcc"));
    assertThatThrownBy(() -> new FrameParams(0, 2048, 0, 128, 0.85))
        .isInstanceOf(ParamException.class).satisfies(e -> assertThat(((ParamException) e).field()).isEqualTo("hop_length"));
  }

  @Test
  void serviceLoader_findsTheThreeFeatureExtensions() {
    FeatureExtensionsTest.class.getModule().addUses(Extension.class); // the module declares provides, not uses
    var ids = ServiceLoader.load(Extension.class).stream().map(p -> p.get().descriptor().id()).toList();
    assertThat(ids).contains("features.mel", "features.mfcc", "features.frame");
  }
}
