package io.themachine.audio.extensions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.themachine.audio.dsp.Loudness;
import io.themachine.spi.ArtifactKind;
import io.themachine.spi.Extension;
import io.themachine.spi.ParamException;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.AudioEncoding;
import io.themachine.spi.audio.ChannelLayout;
import io.themachine.spi.audio.MediaException;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class LoudnessExtensionsTest {

  private static AudioBuffer sine(int fs, double dbfs, double seconds) {
    int n = (int) Math.round(fs * seconds);
    float[] l = new float[n];
    double a = Math.pow(10, dbfs / 20);
    for (int i = 0; i < n; i++) l[i] = (float) (a * Math.sin(2 * Math.PI * 1000.0 * i / fs));
    return AudioBuffer.of(fs, ChannelLayout.STEREO, l, l.clone());
  }

  @Test
  void measure_stereoTone_attachesAllSixMetricsAndDetails() throws Exception {
    var ctx = new MemoryContext<>(MeasureParams.DEFAULTS, sine(48000, -23, 10));
    new LoudnessMeasureExtension().run(ctx);
    assertThat(ctx.inputMetrics).containsOnlyKeys("loudness.integrated_lufs", "loudness.range_lu", "loudness.true_peak_dbtp",
        "loudness.sample_peak_dbfs", "loudness.max_momentary_lufs", "loudness.max_short_term_lufs");
    assertThat(ctx.inputMetrics.get("loudness.integrated_lufs")).isCloseTo(-22.993, within(0.005));
    assertThat(ctx.inputMetrics.get("loudness.sample_peak_dbfs")).isCloseTo(-23.0, within(0.01));
    assertThat(ctx.inputJson.get("loudness.details")).contains("\"status\":\"measured\"").contains("\"weights\":[1.00000,1.00000]")
        .contains("\"layout\":\"stereo\"");
    assertThat(ctx.progress).isEqualTo(1.0);
    assertThat(ctx.logEvents).containsExactly("loudness_measured");
  }

  @Test
  void measure_silence_writesNaNForNullAndSaysWhy() throws Exception {
    var ctx = new MemoryContext<>(MeasureParams.DEFAULTS, AudioBuffer.allocate(16000, ChannelLayout.STEREO, 16000));
    new LoudnessMeasureExtension().run(ctx);
    assertThat(ctx.inputMetrics.get("loudness.integrated_lufs")).isNaN();
    assertThat(ctx.inputJson.get("loudness.details")).contains("\"status\":\"below_absolute_gate\"").doesNotContain("NaN")
        .doesNotContain("Infinity");
  }

  @Test
  void normalize_quietTone_writesAudioArtifactAtTargetWithMetrics() throws Exception {
    var ctx = new MemoryContext<>(NormalizeParams.DEFAULTS, sine(44100, -30, 8));
    new LoudnessNormalizeExtension().run(ctx);
    assertThat(ctx.writers).hasSize(1);
    MemoryContext.Writer w = ctx.writers.get(0);
    assertThat(w.kind).isEqualTo(ArtifactKind.AUDIO);
    assertThat(w.committed).isTrue();
    assertThat(w.encoding).isEqualTo(AudioEncoding.wavFloat());
    assertThat(w.audio.sampleRate()).isEqualTo(44100);
    assertThat(Loudness.measure(w.audio).integratedLufs()).isCloseTo(-14.0, within(0.1));
    assertThat(w.metrics.get("loudness.integrated_lufs")).isCloseTo(-14.0, within(0.1));
    assertThat(w.metrics.get("loudness.true_peak_dbtp")).isLessThanOrEqualTo(-1.0);
    assertThat(w.metrics).containsKeys("loudness.gain_db", "loudness.limiter_max_reduction_db", "loudness.range_lu");
    assertThat(w.labels).containsEntry("loudness.path", "linear");
    assertThat(w.json.get("loudness.details")).contains("\"path\":\"linear\"").contains("\"target_met\":true");
  }

  @Test
  void normalize_presetAndEncoding_areHonoured() throws Exception {
    var p = new NormalizeParams(-14, "ebu_r128", -1, "wav24", 600, "scalar");
    var ctx = new MemoryContext<>(p, sine(16000, -10, 5));
    new LoudnessNormalizeExtension().run(ctx);
    MemoryContext.Writer w = ctx.writers.get(0);
    assertThat(w.encoding).isEqualTo(AudioEncoding.wav24());
    assertThat(w.metrics.get("loudness.integrated_lufs")).isCloseTo(-23.0, within(0.1));
  }

  @Test
  void normalize_longerThanMaxSeconds_refusedBeforeAnyArtifact() {
    // max_seconds is only a guard now (the normalizer streams); it is checked after the first pass.
    var ctx = new MemoryContext<>(new NormalizeParams(-14, "", -1, "wav_float", 1, "scalar"), sine(16000, -20, 2.5));
    assertThatThrownBy(() -> new LoudnessNormalizeExtension().run(ctx)).isInstanceOf(MediaException.class)
        .hasMessageContaining("max_seconds").extracting(e -> ((MediaException) e).reason()).isEqualTo(MediaException.Reason.TOO_LARGE);
    assertThat(ctx.writers).isEmpty();
  }

  @Test
  void normalize_silence_writesNoArtifactAndRecordsWhy() throws Exception {
    var ctx = new MemoryContext<>(NormalizeParams.DEFAULTS, AudioBuffer.allocate(16000, ChannelLayout.STEREO, 16000));
    new LoudnessNormalizeExtension().run(ctx);
    assertThat(ctx.writers).isEmpty();
    assertThat(ctx.inputJson.get("loudness.details")).contains("\"path\":\"unchanged\"");
    assertThat(ctx.logEvents).containsExactly("loudness_normalize_skipped");
  }

  @Test
  void params_invalid_throwParamExceptionNamingTheField() {
    assertThatThrownBy(() -> new NormalizeParams(5, "", -1, "wav_float", 600, "auto"))
        .isInstanceOf(ParamException.class).extracting(e -> ((ParamException) e).field()).isEqualTo("target_lufs");
    assertThatThrownBy(() -> new NormalizeParams(-14, "loud", -1, "wav_float", 600, "auto"))
        .extracting(e -> ((ParamException) e).field()).isEqualTo("preset");
    assertThatThrownBy(() -> new NormalizeParams(-14, "", 1, "wav_float", 600, "auto"))
        .extracting(e -> ((ParamException) e).field()).isEqualTo("ceiling_dbtp");
    assertThatThrownBy(() -> new NormalizeParams(-14, "", -1, "ogg", 600, "auto"))
        .extracting(e -> ((ParamException) e).field()).isEqualTo("encoding");
    assertThatThrownBy(() -> new MeasureParams("hourly", false, "auto"))
        .extracting(e -> ((ParamException) e).field()).isEqualTo("lra_sampling");
    assertThatThrownBy(() -> new MeasureParams("per_second", false, "gpu"))
        .extracting(e -> ((ParamException) e).field()).isEqualTo("backend");
  }

  @Test
  @SuppressWarnings("rawtypes")
  void serviceLoader_findsBothExtensionsWithDescriptors() {
    // The tests run inside io.themachine.audio, which provides but does not use the service.
    LoudnessExtensionsTest.class.getModule().addUses(Extension.class);
    var ids = ServiceLoader.load(Extension.class).stream().map(p -> p.get().descriptor().id()).toList();
    assertThat(ids).contains("loudness.measure", "loudness.normalize");
    assertThat(new LoudnessNormalizeExtension().descriptor().produces()).containsExactly(ArtifactKind.AUDIO);
    assertThat(new LoudnessMeasureExtension().descriptor().produces()).isEmpty();
  }
}
