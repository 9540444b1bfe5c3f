package io.themachine.audio.extensions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.themachine.audio.AudioFiles;
import io.themachine.spi.ArtifactKind;
import io.themachine.spi.Extension;
import io.themachine.spi.NoParams;
import io.themachine.spi.ParamException;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.AudioEncoding;
import io.themachine.spi.audio.ChannelLayout;
import io.themachine.spi.audio.MediaInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audio.probe} and {@code audio.decode}: found by ServiceLoader, run against a fake context. */
class BuiltInExtensionsTest {
  @TempDir Path dir;
  Path input;

  @BeforeEach
  void recording() {
    assumeTrue(AudioFiles.availability().available(), AudioFiles.availability().reason());
    float[][] x = new float[2][44_100 * 2];
    for (int i = 0; i < x[0].length; i++) {
      x[0][i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 44_100.0));
      x[1][i] = (float) (0.25 * Math.sin(2 * Math.PI * 880 * i / 44_100.0));
    }
    input = dir.resolve("rec.flac");
    AudioFiles.encode(AudioBlockReader.of(AudioBuffer.of(44_100, x)), AudioEncoding.flac(), input);
  }

  @Test
  void serviceLoader_findsProbeAndDecode_available() {
    Map<String, Extension<?>> found = ServiceLoader.load(Extension.class).stream()
        .map(p -> (Extension<?>) p.get())
        .collect(Collectors.toMap(e -> e.descriptor().id(), e -> e));
    assertThat(found).containsKeys("audio.probe", "audio.decode");
    assertThat(found.get("audio.decode").availability().available()).isTrue();
    assertThat(found.get("audio.decode").descriptor().produces()).containsExactly(ArtifactKind.AUDIO);
    assertThat(found.get("audio.probe").toolVersions()).containsEntry("ffmpeg", "8.0.1");
  }

  @Test
  void serviceLoader_findsMediaSpiProviders() {
    assertThat(ServiceLoader.load(io.themachine.spi.audio.MediaProbe.class).findFirst())
        .hasValueSatisfying(p -> assertThat(p.name()).isEqualTo("ffmpeg"));
    assertThat(ServiceLoader.load(io.themachine.spi.audio.AudioDecoder.class).findFirst()).isPresent();
    assertThat(ServiceLoader.load(io.themachine.spi.audio.AudioEncoder.class).findFirst()).isPresent();
  }

  @Test
  void probe_run_attachesFactsToInput() throws Exception {
    var ctx = new FakeContext<>(NoParams.INSTANCE, input, Files.createDirectories(dir.resolve("scratch")));
    new ProbeExtension().run(ctx);
    String id = ctx.input.id().toString();
    assertThat(ctx.metrics).containsEntry(id + " audio.sample_rate", 44_100.0)
        .containsEntry(id + " audio.channels", 2.0)
        .containsEntry(id + " audio.decoded_seconds", 2.0)
        .containsEntry(id + " audio.had_tags", 0.0)
        .containsEntry(id + " audio.truncated", 0.0)
        .containsEntry(id + " audio.non_finite_samples", 0.0)
        .containsEntry(id + " audio.format", "{\"container\":\"flac\",\"codec\":\"flac\",\"layout\":\"stereo\"}");
    assertThat(ctx.artifacts).isEmpty();
    assertThat(ctx.logLines).singleElement().asString().startsWith("INFO probed input=sha256:");
  }

  @Test
  void decode_run_writesCanonicalAudioArtifact() throws Exception {
    var ctx = new FakeContext<>(new DecodeExtension.Params(16_000, 1, "pcm_f32le"), input, Files.createDirectories(dir.resolve("scratch")));
    new DecodeExtension().run(ctx);
    assertThat(ctx.artifacts).hasSize(1);
    var a = ctx.artifacts.get(0);
    assertThat(a.kind).isEqualTo(ArtifactKind.AUDIO);
    assertThat(a.committed).isNotNull();
    assertThat(a.path.getFileName().toString()).endsWith(".wav");
    MediaInfo m = AudioFiles.probe(a.path);
    assertThat(m.sampleRate()).isEqualTo(16_000);
    assertThat(m.layout()).isEqualTo(ChannelLayout.MONO);
    assertThat(m.codec()).isEqualTo("pcm_f32le");
    assertThat(m.decodedSeconds()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(a.metrics).containsEntry("audio.sample_rate", 16_000.0).containsEntry("audio.channels", 1.0);
    assertThat(a.labels).containsEntry("codec", "pcm_f32le");
  }

  @Test
  void decodeParams_badRate_namesTheField() {
    assertThatThrownBy(() -> new DecodeExtension.Params(1, 0, "flac"))
        .isInstanceOf(ParamException.class)
        .satisfies(e -> assertThat(((ParamException) e).field()).isEqualTo("sample_rate"));
    assertThatThrownBy(() -> new DecodeExtension.Params(0, 0, "mp3")).isInstanceOf(ParamException.class);
  }
}
