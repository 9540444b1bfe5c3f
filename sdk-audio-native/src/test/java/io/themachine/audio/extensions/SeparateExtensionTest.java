package io.themachine.audio.extensions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themachine.audio.Backend;
import io.themachine.audio.separation.Hpss;
import io.themachine.audio.separation.Stems;
import io.themachine.spi.ArtifactKind;
import io.themachine.spi.Extension;
import io.themachine.spi.ExtensionException;
import io.themachine.spi.ParamException;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.MediaException;
import java.util.List;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@code separate} against the in-memory context: every method, stem selection, bad parameters. */
class SeparateExtensionTest {
  static final int SR = 16000;

  static float[] mix(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      double v = 0.3 * Math.sin(2 * Math.PI * 330 * i / SR) + 0.1 * Math.sin(2 * Math.PI * 990 * i / SR);
      if (i % 4000 < 30) v += 0.6 * Math.exp(-(i % 4000) / 5.0);
      x[i] = (float) (v + 0.01 * r.nextGaussian());
    }
    return x;
  }

  static AudioBuffer stereo(int n) {
    return AudioBuffer.of(SR, mix(n, 1), mix(n, 2));
  }

  /** Defaults with a small transform, the given method and stems. */
  static SeparateParams params(String method, List<String> stems) {
    SeparateParams d = SeparateParams.DEFAULTS;
    return new SeparateParams(method, stems, "scalar", 512, 128, 0, "hann", 0, 31, 31, 1.0, 1.0, 0, 0.25, 1.0, 2.0, 10.0, 2, 20,
        0L, "kl", "soft", "wav_float", d.max_seconds(), "", "");
  }

  static SeparateParams withMargins(SeparateParams p, double mh, double mp) {
    return new SeparateParams(p.method(), p.stems(), p.backend(), p.n_fft(), p.hop_length(), p.win_length(), p.window(), p.power(),
        p.kernel_size_harmonic(), p.kernel_size_percussive(), mh, mp, p.k(), p.min_seconds(), p.search_seconds(), p.margin_i(),
        p.margin_v(), p.rank(), p.iterations(), p.seed(), p.loss(), p.mode(), p.encoding(), p.max_seconds(), p.model(), p.card());
  }

  static MemoryContext<SeparateParams> run(SeparateParams p, AudioBuffer audio) {
    var ctx = new MemoryContext<>(p, audio);
    ctx.refuseReadAll = true; // it must stream
    ctx.maxBlock = 1000;
    new SeparateExtension().run(ctx);
    return ctx;
  }

  @Test
  void serviceLoader_findsSeparate() {
    assertThat(ServiceLoader.load(Extension.class).stream().map(p -> p.get().descriptor().id())).contains("separate");
    assertThat(new SeparateExtension().descriptor().produces()).containsExactly(ArtifactKind.AUDIO);
  }

  @Test
  void hpss_allStems_writesHarmonicAndPercussiveEqualToTheFrontDoor() {
    AudioBuffer x = stereo(24_000);
    var ctx = run(params("hpss", List.of("all")), x);
    assertThat(ctx.writers).hasSize(2);
    Stems want = new Hpss(SeparateParams.DEFAULTS.stft().hop_length(128).win_length(512), 31, 31, 2.0, 1.0, 1.0)
        .stft(io.themachine.audio.dsp.Stft.librosa(512).hop_length(128)).separate(x, Backend.SCALAR);
    for (var w : ctx.writers) {
      String stem = w.labels.get("stem");
      assertThat(w.kind).isEqualTo(ArtifactKind.AUDIO);
      assertThat(w.committed).isTrue();
      assertThat(w.labels).containsEntry("method", "hpss");
      assertThat(w.audio.frames()).isEqualTo(24_000);
      assertThat(w.audio.array(0)).isEqualTo(want.get(stem).audio().array(0));
      assertThat(w.audio.array(1)).isEqualTo(want.get(stem).audio().array(1));
      assertThat(w.json.get("separation")).contains("\"stem\":\"" + stem + "\"", "\"method\":\"hpss\"", "\"backend\":\"scalar\"",
          "\"precision\":\"float64\"", "\"kernel_size_harmonic\":31", "\"n_fft\":512", "\"hop_length\":128", "\"realtime_factor\":");
      assertThat(w.metrics.get("separation.realtime_factor")).isPositive();
      assertThat(w.json.get("backend")).contains("\"ran\":\"scalar\"");
    }
    assertThat(ctx.writers.stream().map(w -> w.labels.get("stem"))).containsExactly("harmonic", "percussive");
    assertThat(ctx.inputJson.get("backend")).contains("\"requested\":\"cpu\"");
    assertThat(ctx.progress).isEqualTo(1.0);
  }

  @Test
  void hpss_marginsAboveOne_addTheResidualAndSelectionKeepsOrder() {
    var ctx = run(withMargins(params("hpss", List.of("all")), 2.0, 2.0).stems(List.of("residual", "harmonic")), stereo(8000));
    assertThat(ctx.writers.stream().map(w -> w.labels.get("stem"))).containsExactly("harmonic", "residual");
    assertThat(ctx.writers.get(1).json.get("separation")).contains("\"margin_harmonic\":2.0");
  }

  @Test
  void repetSim_defaults_writeVocalsAndInstrumental() {
    var ctx = run(params("repet-sim", List.of("all")), stereo(24_000));
    assertThat(ctx.writers.stream().map(w -> w.labels.get("stem"))).containsExactly("vocals", "instrumental");
    assertThat(ctx.writers.get(0).json.get("separation")).contains("\"method\":\"repet-sim\"", "\"margin_v\":10.0", "\"metric\":\"cosine\"");
  }

  @Test
  void centre_stereo_writesBothStemsAndMonoFailsNamingTheMethod() {
    var ctx = run(params("centre", List.of("vocals")), stereo(8000));
    assertThat(ctx.writers).hasSize(1);
    assertThat(ctx.writers.get(0).labels).containsEntry("stem", "vocals").containsEntry("method", "centre");
    assertThatThrownBy(() -> run(params("centre", List.of("all")), AudioBuffer.of(SR, mix(8000, 3))))
        .isInstanceOf(ExtensionException.class).hasMessageContaining("centre needs a stereo recording, got 1");
  }

  @Test
  void nmf_rankThree_writesComponentStems() {
    var ctx = run(new SeparateParams("nmf", List.of("all"), "vector", 512, 128, 0, "hann", 0, 31, 31, 1, 1, 0, 2, 20, 2, 10, 3, 10, 7L,
        "euclidean", "soft", "wav16", 60, "", ""), stereo(8000));
    assertThat(ctx.writers.stream().map(w -> w.labels.get("stem"))).containsExactly("component_0", "component_1", "component_2");
    assertThat(ctx.writers.get(2).json.get("separation")).contains("\"rank\":3", "\"loss\":\"euclidean\"", "\"backend\":\"vector\"",
        "\"precision\":\"float32\"");
    assertThat(ctx.writers.get(0).encoding.toString()).containsIgnoringCase("16");
  }

  @Test
  void nmf_longerThanMaxSeconds_isTooLarge() {
    var p = new SeparateParams("nmf", List.of("all"), "scalar", 512, 128, 0, "hann", 0, 31, 31, 1, 1, 0, 2, 20, 2, 10, 2, 5, 0L,
        "kl", "soft", "wav_float", 1, "", "");
    assertThatThrownBy(() -> run(p, stereo(40_000))).isInstanceOf(MediaException.class).hasMessageContaining("max_seconds");
  }

  @Test
  void params_stemsTheMethodLacks_areParamErrorsNamingTheMethod() {
    assertThatThrownBy(() -> params("hpss", List.of("vocals"))).isInstanceOf(ParamException.class)
        .hasMessageContaining("stems").hasMessageContaining("hpss has no stem 'vocals'");
    assertThatThrownBy(() -> params("hpss", List.of("residual"))).hasMessageContaining("residual needs margin_harmonic");
    assertThatThrownBy(() -> params("repet-sim", List.of("harmonic"))).hasMessageContaining("repet-sim has no stem 'harmonic'");
    assertThatThrownBy(() -> params("nmf", List.of("component_2"))).hasMessageContaining("nmf has no stem 'component_2'");
  }

  @Test
  void params_badValues_nameTheField() {
    assertThatThrownBy(() -> params("wiener", List.of("all"))).isInstanceOf(ParamException.class).hasMessageStartingWith("method:");
    assertThatThrownBy(() -> params("model", List.of("all"))).hasMessageStartingWith("model:");
    SeparateParams d = SeparateParams.DEFAULTS;
    assertThatThrownBy(() -> new SeparateParams("hpss", d.stems(), "gpu", 2048, 0, 0, "hann", 0, 31, 31, 1, 1, 0, 2, 20, 2, 10, 2, 100, 0,
        "kl", "soft", "wav_float", 3600, "", "")).hasMessageStartingWith("backend:");
    assertThatThrownBy(() -> new SeparateParams("hpss", d.stems(), "auto", 8, 0, 0, "hann", 0, 31, 31, 1, 1, 0, 2, 20, 2, 10, 2, 100, 0,
        "kl", "soft", "wav_float", 3600, "", "")).hasMessageStartingWith("n_fft:");
    assertThatThrownBy(() -> new SeparateParams("hpss", d.stems(), "auto", 2048, 0, 0, "hann", 0, 0, 31, 1, 1, 0, 2, 20, 2, 10, 2, 100, 0,
        "kl", "soft", "wav_float", 3600, "", "")).isInstanceOf(ParamException.class).hasMessageStartingWith("kernel_size_harmonic:");
    assertThatThrownBy(() -> new SeparateParams("hpss", d.stems(), "auto", 2048, 0, 0, "hann", 0, 31, 31, 0.5, 1, 0, 2, 20, 2, 10, 2, 100, 0,
        "kl", "soft", "wav_float", 3600, "", "")).hasMessageStartingWith("margin_harmonic:");
    assertThatThrownBy(() -> new SeparateParams("nmf", d.stems(), "auto", 2048, 0, 0, "hann", 0, 31, 31, 1, 1, 0, 2, 20, 2, 10, 2, 100, 0,
        "itakura", "soft", "wav_float", 3600, "", "")).hasMessageStartingWith("loss:");
    assertThatThrownBy(() -> new SeparateParams("centre", d.stems(), "auto", 2048, 0, 0, "hann", 0, 31, 31, 1, 1, 0, 2, 20, 2, 10, 2, 100, 0,
        "kl", "side", "wav_float", 3600, "", "")).hasMessageStartingWith("mode:");
    assertThatThrownBy(() -> new SeparateParams("hpss", d.stems(), "auto", 2048, 0, 0, "hann", 0, 31, 31, 1, 1, 0, 2, 20, 2, 10, 2, 100, 0,
        "kl", "soft", "ogg", 3600, "", "")).hasMessageStartingWith("encoding:");
  }

  static SeparateParams model(String model, String card) {
    return new SeparateParams("model", List.of("vocals"), "auto", 2048, 0, 0, "hann", 0, 31, 31, 1, 1, 0, 2, 20, 2, 10, 2, 100, 0,
        "kl", "soft", "wav_float", 3600, model, card);
  }

  @Test
  void model_corruptFile_failsWithoutNamingThePath(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    var a = io.themachine.audio.separation.ModelSeparation.availability();
    org.junit.jupiter.api.Assumptions.assumeTrue(a.available(), "TorchScript tier unavailable: " + a.reason());
    java.nio.file.Path pt = java.nio.file.Files.writeString(dir.resolve("CANARY-4711-JaneDoe.pt"), "not a model");
    copyFixture("hdemucs_tiny.json", dir.resolve("CANARY-4711-JaneDoe.json"));
    assertThatThrownBy(() -> run(model(pt.toString(), ""), stereo(4000))).isInstanceOf(ExtensionException.class)
        .hasMessageStartingWith("separate: ").hasMessageNotContaining("CANARY").hasMessageNotContaining(dir.toString());
  }

  @Test
  void model_tinyHdemucs_writesEveryStemEqualToTheRunnerWithTheModelHash(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    var a = io.themachine.audio.separation.ModelSeparation.availability();
    org.junit.jupiter.api.Assumptions.assumeTrue(a.available(), "TorchScript tier unavailable: " + a.reason());
    java.nio.file.Path pt = copyFixture("hdemucs_tiny.pt", dir.resolve("model.pt"));
    copyFixture("hdemucs_tiny.json", dir.resolve("model.json"));
    // the card's rate (8 kHz): the in-memory source does not resample
    float[] l = new float[7000], r = new float[7000];
    for (int i = 0; i < l.length; i++) {
      l[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
      r[i] = (float) (0.2 * Math.sin(2 * Math.PI * 660 * i / 8000.0));
    }
    AudioBuffer x = AudioBuffer.of(8000, l, r);
    SeparateParams m0 = model(pt.toString(), "").stems(List.of("all"));
    // shifts and batch reach the runner (compared against the runner with the same options below)
    SeparateParams p = new SeparateParams(m0.method(), m0.stems(), m0.backend(), m0.n_fft(), m0.hop_length(), m0.win_length(),
        m0.window(), m0.power(), m0.kernel_size_harmonic(), m0.kernel_size_percussive(), m0.margin_harmonic(), m0.margin_percussive(),
        m0.k(), m0.min_seconds(), m0.search_seconds(), m0.margin_i(), m0.margin_v(), m0.rank(), m0.iterations(), 7L, m0.loss(),
        m0.mode(), m0.encoding(), m0.max_seconds(), m0.model(), m0.card(), 1, -1, 2);
    var ctx = run(p, x);
    java.util.Map<String, AudioBuffer> want;
    String hash;
    try (var m = io.themachine.audio.separation.ModelSeparation.open(pt)) {
      want = m.separate(x, io.themachine.audio.separation.ModelOptions.defaults().seed(7).shifts(1).batch(2));
      hash = m.sha256();
    }
    assertThat(ctx.writers.stream().map(w -> w.labels.get("stem"))).containsExactly("vocals", "other");
    for (var w : ctx.writers) {
      String stem = w.labels.get("stem");
      assertThat(w.committed).isTrue();
      assertThat(w.labels).containsEntry("method", "model");
      assertThat(w.audio.frames()).isEqualTo(7000);
      assertThat(w.audio.array(0)).isEqualTo(want.get(stem).array(0));
      assertThat(w.audio.array(1)).isEqualTo(want.get(stem).array(1));
      assertThat(w.json.get("separation")).contains("\"stem\":\"" + stem + "\"", "\"method\":\"model\"",
          "\"backend\":\"libtorch-cpu\"", "\"precision\":\"float32\"", "\"model_hash\":\"" + hash + "\"",
          "\"shifts\":1", "\"seed\":7", "\"overlap\":\"card\"", "\"batch\":2")
          .doesNotContain(dir.toString());
      assertThat(w.metrics.get("separation.realtime_factor")).isPositive();
    }
    assertThat(hash).startsWith("sha256:");
  }

  private static java.nio.file.Path copyFixture(String name, java.nio.file.Path to) throws java.io.IOException {
    try (var in = io.themachine.audio.internal.torch.ModelSeparationTestAccess.fixture(name)) {
      java.nio.file.Files.copy(in, to);
    }
    return to;
  }

  @Test
  void model_missingFileOrCard_failsNamingTheParameterNotThePath(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    java.nio.file.Path pt = java.nio.file.Files.writeString(dir.resolve("CANARY-4711-JaneDoe.pt"), "x");
    assertThatThrownBy(() -> run(model(dir.resolve("CANARY-4711-gone.pt").toString(), ""), stereo(4000)))
        .isInstanceOf(ExtensionException.class).hasMessageContaining("parameter model").hasMessageNotContaining("CANARY");
    assertThatThrownBy(() -> run(model(pt.toString(), dir.resolve("CANARY-card.yaml").toString()), stereo(4000)))
        .isInstanceOf(ExtensionException.class).hasMessageContaining("parameter card").hasMessageNotContaining("CANARY");
    assertThatThrownBy(() -> model("CANARY\u0000.pt", "")).isInstanceOf(ParamException.class).hasMessageNotContaining("CANARY");
  }

  @Test
  void hpss_nanSample_failsNamingTheSampleNotTheFile() {
    float[] l = mix(6000, 4);
    l[4321] = Float.NaN;
    assertThatThrownBy(() -> run(params("hpss", List.of("all")), AudioBuffer.of(SR, l, mix(6000, 5))))
        .isInstanceOf(ExtensionException.class).hasMessageContaining("sample 4321").hasMessageContaining("NaN");
  }

  @Test
  void hpss_realFfmpegRoundTrip_writesDecodableStemsOfTheInputLength(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    var a = io.themachine.audio.AudioFiles.availability();
    org.junit.jupiter.api.Assumptions.assumeTrue(a.available(), "FFmpeg unavailable: " + a.reason());
    AudioBuffer x = stereo(20_000);
    java.nio.file.Path input = dir.resolve("rec.flac");
    io.themachine.audio.AudioFiles.encode(io.themachine.spi.audio.AudioBlockReader.of(x), io.themachine.spi.audio.AudioEncoding.flac(), input);
    var ctx = new FakeContext<>(params("hpss", List.of("all")), input, java.nio.file.Files.createDirectories(dir.resolve("scratch")));
    new SeparateExtension().run(ctx);
    assertThat(ctx.artifacts).hasSize(2);
    AudioBuffer decoded = io.themachine.audio.AudioFiles.open(input).readAll(10);
    Stems want = Hpss.librosa().stft(io.themachine.audio.dsp.Stft.librosa(512).hop_length(128)).separate(decoded, Backend.SCALAR);
    for (var w : ctx.artifacts) {
      assertThat(w.committed).isNotNull();
      assertThat(w.labels).containsKey("stem");
      AudioBuffer stem = io.themachine.audio.AudioFiles.open(w.path).readAll(10);
      assertThat(stem.frames()).isEqualTo(20_000);
      assertThat(stem.channels()).isEqualTo(2);
      // wav_float keeps every bit of the float32 stem
      assertThat(stem.array(1)).isEqualTo(want.get(w.labels.get("stem")).audio().array(1));
    }
    assertThat(String.join("\n", ctx.logLines)).doesNotContain("rec.flac");
  }

  @Test
  void hpss_emptyRecording_writesEmptyStems() {
    var ctx = run(params("hpss", List.of("all")), AudioBuffer.of(SR, new float[0], new float[0]));
    assertThat(ctx.writers).hasSize(2);
    assertThat(ctx.writers.get(0).audio.frames()).isZero();
  }
}
