package io.themachine.audio.extensions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.themachine.audio.dsp.Pyin;
import io.themachine.audio.dsp.Resampler;
import io.themachine.audio.dsp.Yin;
import io.themachine.spi.ArtifactKind;
import io.themachine.spi.Extension;
import io.themachine.spi.ParamException;
import io.themachine.spi.audio.AudioBuffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** audio.resample and features.pitch through an in-memory context. */
class PitchResampleExtensionsTest {

  static float[] sine(double f, int sr, int n, double phase) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = (float) (0.5 * Math.sin(2 * Math.PI * f * i / sr + phase));
    return x;
  }

  @Test
  void resample_stereo_writesAudioEqualToWholeSignalResampling() {
    float[] l = sine(440, 44100, 30000, 0), r = sine(1000, 44100, 30000, 1);
    var ctx = new MemoryContext<>(new ResampleExtension.Params(16000, "torchaudio", "wav_float"), AudioBuffer.of(44100, l, r));
    new ResampleExtension().run(ctx);
    assertThat(ctx.writers).hasSize(1);
    var w = ctx.writers.get(0);
    assertThat(w.kind).isEqualTo(ArtifactKind.AUDIO);
    assertThat(w.extension).isEqualTo("wav");
    assertThat(w.committed).isTrue();
    assertThat(w.audio.sampleRate()).isEqualTo(16000);
    assertThat(w.audio.channels()).isEqualTo(2);
    assertThat(w.audio.array(0)).containsExactly(Resampler.torchaudio(44100, 16000).process(l));
    assertThat(w.audio.array(1)).containsExactly(Resampler.torchaudio(44100, 16000).process(r));
    assertThat(w.json.get("audio.resample")).contains("\"quality\":\"torchaudio\"").contains("\"rolloff\":0.99");
    assertThat(ctx.logEvents).containsExactly("resampled");
  }

  @Test
  void resampleParams_invalid_namesTheField() {
    assertThatThrownBy(() -> new ResampleExtension.Params(0, "torchaudio", "wav16"))
        .isInstanceOf(ParamException.class).extracting(e -> ((ParamException) e).field()).isEqualTo("sample_rate");
    assertThatThrownBy(() -> new ResampleExtension.Params(16000, "soxr", "wav16"))
        .isInstanceOf(ParamException.class).extracting(e -> ((ParamException) e).field()).isEqualTo("quality");
    assertThatThrownBy(() -> new ResampleExtension.Params(16000, "hq", "ogg"))
        .isInstanceOf(ParamException.class).extracting(e -> ((ParamException) e).field()).isEqualTo("encoding");
  }

  @Test
  void pitch_monoPyin_writesNpyRowsByFrames() {
    float[] x = io.themachine.audio.dsp.PitchTestTones.tone(220, 22050, 1.0);
    var ctx = new MemoryContext<>(PitchExtension.Params.DEFAULTS, AudioBuffer.of(22050, x));
    new PitchExtension().run(ctx);
    var w = ctx.writers.get(0);
    assertThat(w.kind).isEqualTo(ArtifactKind.FEATURES);
    assertThat(w.extension).isEqualTo("npy");
    byte[] b = w.bytes.toByteArray();
    String header = parseHeader(b);
    assertThat(header).contains("'descr': '<f4'").contains("'fortran_order': False").contains("'shape': (3, 44)");
    float[] data = floats(b);
    Pyin.Result want = Pyin.librosa(22050, 65, 2093).analyze(x);
    assertThat(data).hasSize(3 * 44);
    for (int t = 0; t < 44; t++) {
      if (want.voiced()[t]) assertThat(data[t]).isEqualTo((float) want.f0()[t]);
      else assertThat(data[t]).isNaN();
      assertThat(data[44 + t]).isEqualTo(want.voiced()[t] ? 1f : 0f);
      assertThat(data[88 + t]).isEqualTo((float) want.voicedProb()[t]);
    }
    assertThat(w.labels).containsEntry("preset", "librosa");
    assertThat(w.json.get("features.pitch")).contains("\"shape\":[3,44]").contains("\"hop_length\":512")
        .contains("\"rows\":[\"f0\",\"voiced_flag\",\"voiced_prob\"]");
  }

  @Test
  void pitch_stereoYinAt16k_resamplesAndWritesChannelsRowsFrames() {
    float[] l = io.themachine.audio.dsp.PitchTestTones.tone(220, 44100, 0.5);
    float[] r = io.themachine.audio.dsp.PitchTestTones.tone(330, 44100, 0.5);
    var p = new PitchExtension.Params("yin", 65, 2093, 1024, 256, 0.1, 16000);
    var ctx = new MemoryContext<>(p, AudioBuffer.of(44100, l, r));
    new PitchExtension().run(ctx);
    byte[] b = ctx.writers.get(0).bytes.toByteArray();
    int frames = 1 + 8000 / 256;
    assertThat(parseHeader(b)).contains("'shape': (2, 1, " + frames + ")");
    float[] data = floats(b);
    double[] want = new Yin(16000, 65, 2093, 1024, 256, 0.1, true).f0(Resampler.torchaudio(44100, 16000).process(r));
    for (int t = 0; t < frames; t++) assertThat((double) data[frames + t]).isCloseTo(want[t], within(want[t] * 1e-6));
    assertThat((double) data[frames / 2]).isCloseTo(220, within(2.0));
    assertThat((double) data[frames + frames / 2]).isCloseTo(330, within(3.0));
  }

  @Test
  void pitch_pyinStreamedInShortBlocks_neverReadsAllAndWritesTheWholeSignalFrames() {
    float[] tone = io.themachine.audio.dsp.PitchTestTones.tone(196, 22050, 2.0);
    float[] x = java.util.Arrays.copyOf(tone, 3 * 22050); // a silent last second
    var ctx = new MemoryContext<>(PitchExtension.Params.DEFAULTS, AudioBuffer.of(22050, x));
    ctx.refuseReadAll = true;
    ctx.maxBlock = 777;
    new PitchExtension().run(ctx);
    float[] data = floats(ctx.writers.get(0).bytes.toByteArray());
    Pyin.Result want = Pyin.librosa(22050, 65, 2093).analyze(x);
    int nf = want.frames();
    assertThat(data).hasSize(3 * nf);
    float[] expect = new float[3 * nf];
    for (int t = 0; t < nf; t++) {
      expect[t] = (float) want.f0()[t];
      expect[nf + t] = want.voiced()[t] ? 1f : 0f;
      expect[2 * nf + t] = (float) want.voicedProb()[t];
    }
    assertThat(data).containsExactly(expect);
  }

  @Test
  void pitch_yinResampledStreamedInShortBlocks_neverReadsAllAndEqualsWholeResamplingThenYin() {
    float[] l = io.themachine.audio.dsp.PitchTestTones.tone(220, 44100, 1.5);
    float[] r = io.themachine.audio.dsp.PitchTestTones.tone(330, 44100, 1.5);
    var p = new PitchExtension.Params("yin", 65, 2093, 1024, 256, 0.1, 16000);
    var ctx = new MemoryContext<>(p, AudioBuffer.of(44100, l, r));
    ctx.refuseReadAll = true;
    ctx.maxBlock = 1001;
    new PitchExtension().run(ctx);
    byte[] b = ctx.writers.get(0).bytes.toByteArray();
    Yin yin = new Yin(16000, 65, 2093, 1024, 256, 0.1, true);
    double[] wl = yin.f0(Resampler.torchaudio(44100, 16000).process(l));
    double[] wr = yin.f0(Resampler.torchaudio(44100, 16000).process(r));
    assertThat(parseHeader(b)).contains("'shape': (2, 1, " + wl.length + ")");
    float[] data = floats(b);
    assertThat(data).hasSize(2 * wl.length);
    // the resampler's vector dot product may sum its lanes in another order before and after C2
    // compiles it (last-bit differences between the two resampling runs), hence 1e-6 relative
    for (int t = 0; t < wl.length; t++) {
      assertThat((double) data[t]).as("left, frame %d", t).isCloseTo(wl[t], within(wl[t] * 1e-6));
      assertThat((double) data[wl.length + t]).as("right, frame %d", t).isCloseTo(wr[t], within(wr[t] * 1e-6));
    }
  }

  @Test
  void pitch_emptyInput_writesZeroFrames() {
    var ctx = new MemoryContext<>(new PitchExtension.Params("yin", 65, 2093, 1024, 256, 0.1, 16000),
        AudioBuffer.of(44100, new float[0]));
    ctx.refuseReadAll = true;
    new PitchExtension().run(ctx);
    assertThat(parseHeader(ctx.writers.get(0).bytes.toByteArray())).contains("'shape': (1, 0)");
    var ctx2 = new MemoryContext<>(PitchExtension.Params.DEFAULTS, AudioBuffer.of(22050, new float[0]));
    new PitchExtension().run(ctx2);
    assertThat(parseHeader(ctx2.writers.get(0).bytes.toByteArray())).contains("'shape': (3, 0)");
  }

  @Test
  void pitchParams_invalid_namesTheField() {
    assertThatThrownBy(() -> new PitchExtension.Params("crepe", 65, 2093, 2048, 512, 0.1, 0))
        .isInstanceOf(ParamException.class).extracting(e -> ((ParamException) e).field()).isEqualTo("method");
    assertThatThrownBy(() -> new PitchExtension.Params("pyin", 500, 400, 2048, 512, 0.1, 0))
        .isInstanceOf(ParamException.class).extracting(e -> ((ParamException) e).field()).isEqualTo("fmax");
    assertThatThrownBy(() -> new PitchExtension.Params("pyin", 65, 2093, 2048, 512, 0.1, 4000))
        .isInstanceOf(ParamException.class).extracting(e -> ((ParamException) e).field()).isEqualTo("fmax");
    assertThatThrownBy(() -> new PitchExtension.Params("yin", 65, 2093, 2048, 4096, 0.1, 0))
        .isInstanceOf(ParamException.class).extracting(e -> ((ParamException) e).field()).isEqualTo("hop_length");
  }

  @Test
  void moduleDescriptor_providesBothExtensions() {
    var provides = ResampleExtension.class.getModule().getDescriptor().provides().stream()
        .filter(p -> p.service().equals(Extension.class.getName())).findFirst().orElseThrow();
    assertThat(provides.providers()).contains(ResampleExtension.class.getName(), PitchExtension.class.getName());
    assertThat(new ResampleExtension().descriptor().id()).isEqualTo("audio.resample");
    assertThat(new PitchExtension().descriptor().id()).isEqualTo("features.pitch");
  }

  static String parseHeader(byte[] b) {
    assertThat(b[0] & 0xFF).isEqualTo(0x93);
    assertThat(new String(b, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
    assertThat(b[6]).isEqualTo((byte) 1);
    int len = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
    assertThat((10 + len) % 64).isZero();
    return new String(b, 10, len, StandardCharsets.US_ASCII);
  }

  static float[] floats(byte[] b) {
    int len = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
    ByteBuffer bb = ByteBuffer.wrap(b, 10 + len, b.length - 10 - len).order(ByteOrder.LITTLE_ENDIAN);
    float[] f = new float[bb.remaining() / 4];
    for (int i = 0; i < f.length; i++) f[i] = bb.getFloat();
    return f;
  }
}
