package io.themachine.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.themachine.audio.AudioFiles;
import io.themachine.audio.dsp.Loudness;
import io.themachine.core.Librarian;
import io.themachine.core.LibraryOptions;
import io.themachine.core.pipeline.Pipeline;
import io.themachine.spi.ArtifactId;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.AudioEncoding;
import io.themachine.spi.audio.ChannelLayout;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue B's extensions through the real librarian and FFmpeg: a recording is measured (metrics on
 * its manifest row) and normalized to -16 LUFS (a new artifact whose re-measured loudness is within
 * ±0.1 LU of target with its true peak under the -1 dBTP ceiling).
 */
class LoudnessPipelineTest {
  @TempDir Path tmp;

  @Test
  void measureAndNormalize_throughTheLibrarian_landOnTargetUnderTheCeiling() throws Exception {
    int fs = 8000; // a phone call's rate
    float[] l = new float[fs * 12], r = new float[fs * 12];
    for (int i = 0; i < l.length; i++) {
      double env = 0.25 + 0.2 * Math.sin(2 * Math.PI * 0.3 * i / fs);
      l[i] = (float) (env * Math.sin(2 * Math.PI * 440 * i / fs));
      r[i] = (float) (0.6 * env * Math.sin(2 * Math.PI * 660 * i / fs + 1));
    }
    Path in = tmp.resolve("in/call.wav");
    Files.createDirectories(in.getParent());
    AudioFiles.encode(AudioBlockReader.of(AudioBuffer.of(fs, ChannelLayout.STEREO, l, r)), AudioEncoding.wavFloat(), in);

    try (var lib = Librarian.open(tmp.resolve("lib"), LibraryOptions.defaults())) {
      lib.ingest(in);
      var report = lib.run(Pipeline.fromYamlText("""
          steps:
            - use: loudness.measure
            - use: loudness.normalize
              with: { target_lufs: -16, ceiling_dbtp: -1 }
            - use: loudness.measure
              name: remeasure
          """));
      assertThat(report.ok()).as(report.summary()).isTrue();
      assertThat(report.ran()).isEqualTo(3);

      var out = new ByteArrayOutputStream();
      lib.exportManifest(out);
      var m = JsonMapper.builder().build();
      List<JsonNode> rows = out.toString(StandardCharsets.UTF_8).lines().map(m::readTree).toList();
      JsonNode rec = rows.stream().filter(n -> n.get("kind").asString().equals("recording")).findFirst().orElseThrow();
      JsonNode norm = rows.stream().filter(n -> n.get("kind").asString().equals("audio")).findFirst().orElseThrow();
      for (String k : List.of("loudness.integrated_lufs", "loudness.range_lu", "loudness.true_peak_dbtp",
          "loudness.sample_peak_dbfs", "loudness.max_momentary_lufs", "loudness.max_short_term_lufs")) {
        assertThat(rec.get("metrics").get(k).isNumber()).as(k).isTrue();
      }
      assertThat(norm.get("parents").get(0).asString()).isEqualTo(rec.get("id").asString());
      assertThat(norm.get("step").get("extension").asString()).isEqualTo("loudness.normalize");
      assertThat(norm.get("media").get("sample_rate").asInt()).isEqualTo(fs); // no 192 kHz surprise
      // The "remeasure" step read the normalized artifact (the nearest earlier audio output).
      assertThat(norm.get("metrics").get("loudness.integrated_lufs").asDouble()).isCloseTo(-16, within(0.1));
      assertThat(norm.get("metrics").get("loudness.true_peak_dbtp").asDouble()).isLessThanOrEqualTo(-1.0);

      // And independently: decode the stored artifact and measure it here.
      AudioBuffer decoded = AudioFiles.open(lib.file(ArtifactId.of(norm.get("id").asString()))).readAll(60);
      var again = Loudness.measure(decoded);
      assertThat(again.integratedLufs()).isCloseTo(-16, within(0.1));
      assertThat(again.truePeakDbtp()).isLessThanOrEqualTo(-1.0 + 1e-3);
      assertThat(lib.explain(norm.get("id").asString()).chain()).hasSize(2);
      assertThat(lib.verify().ok()).isTrue();
    }
  }
}
