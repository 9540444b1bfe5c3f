package io.themachine.audio.internal.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.themachine.audio.separation.ModelCard;
import io.themachine.audio.separation.ModelException;
import io.themachine.audio.separation.ModelOptions;
import io.themachine.audio.separation.ModelOptions.ChannelPolicy;
import io.themachine.audio.separation.ModelOptions.Clip;
import io.themachine.audio.separation.ModelRun;
import io.themachine.audio.separation.ModelSeparation;
import io.themachine.audio.separation.StemReaders;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.ChannelLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model runner against the Python twin of its pipeline ({@code make_fixtures.py}, torch 1.13.1
 * on Debian; the .pt files load in libtorch 2.10): tiny random-weight HDemucs, Open-Unmix-like and
 * MDX-like models on a fixed 1.7 s stereo input, within {@link #PYTHON} absolute; and the
 * pipeline's own properties (chunk invariance, stem algebra, channel policy, shifts, errors).
 */
class ModelSeparationTest {
  /** Java vs Python, absolute, on outputs of peak ~0.8: float32 graphs, the STFT in double here and float32 there. */
  static final double PYTHON = 1e-4;
  /** Chunked vs unchunked on a linear graph: only float32 rounding of the overlap-add differs. */
  static final double CHUNKED = 1e-5;

  static final ModelOptions ONE_THREAD = ModelOptions.defaults().threads(1);

  @TempDir Path dir;

  @BeforeAll
  static void torchPresent() {
    var a = ModelSeparation.availability();
    assumeTrue(a.available(), a.reason());
  }

  static Map<String, AudioBuffer> run(String name, ModelOptions o, AudioBuffer in) {
    try (ModelSeparation m = ModelSeparation.open(TorchFixtures.model(name))) {
      return m.separate(in, o);
    }
  }

  static double maxDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double d = 0;
    for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
    return d;
  }

  static void assertMatches(Map<String, AudioBuffer> got, List<String> names, float[][][] want, double tol) {
    assertThat(got.keySet()).containsExactlyElementsOf(names);
    int s = 0;
    for (AudioBuffer b : got.values()) {
      for (int c = 0; c < b.channels(); c++) {
        assertThat(maxDiff(b.array(c), want[s][c])).as("stem %s channel %d", names.get(s), c).isLessThan(tol);
      }
      s++;
    }
  }

  @Test
  void separate_hdemucsTiny_matchesPythonPipeline() {
    // Card: segment 3000 + 2 x 500 context, overlap 0.25, triangle, normalised; batch 2, shifts 2 seed 7.
    var got = run("hdemucs_tiny", ONE_THREAD.batch(2).shifts(2).seed(7).residual("residual"), TorchFixtures.input());
    assertMatches(got, List.of("vocals", "other", "residual"), TorchFixtures.expected("hdemucs_tiny"), PYTHON);
  }

  @Test
  void separate_umxTiny_matchesPythonPipeline() {
    // Magnitude in, magnitudes out with the mixture's phase; n_fft 256, hop 64, Hann fade, batch 3.
    var got = run("umx_tiny", ONE_THREAD.batch(3), TorchFixtures.input());
    assertMatches(got, List.of("vocals", "accompaniment"), TorchFixtures.expected("umx_tiny"), PYTHON);
  }

  @Test
  void separate_mdxTiny_matchesPythonPipeline() {
    // Complex as channels, 96 of 129 bins, no context; one stem and the residual.
    var got = run("mdx_tiny", ONE_THREAD.residual("instrumental"), TorchFixtures.input());
    assertMatches(got, List.of("vocals", "instrumental"), TorchFixtures.expected("mdx_tiny"), PYTHON);
  }

  @Test
  void separate_linearModelChunked_equalsWholeInputModel() {
    // linear_tiny.out.npy is the graph on the whole input in Python; here 1000-sample chunks with
    // 32 samples of context (the FIR has 16 taps each side), Hann fades, overlap 0.5, batch 4.
    var got = run("linear_tiny", ONE_THREAD.batch(4), TorchFixtures.input());
    assertMatches(got, List.of("low", "high"), TorchFixtures.expected("linear_tiny"), CHUNKED);
    // and against Java's own unchunked run: one segment as long as the input
    AudioBuffer in = TorchFixtures.input();
    var whole = run("linear_tiny", ONE_THREAD.segment(in.frames()).overlap(0), in);
    for (String s : List.of("low", "high")) {
      for (int c = 0; c < 2; c++) assertThat(maxDiff(got.get(s).array(c), whole.get(s).array(c))).isLessThan(CHUNKED);
    }
  }

  @Test
  void separate_linearModel_anyFadeOverlapAndBatch_sameResult() {
    AudioBuffer in = TorchFixtures.input();
    var ref = run("linear_tiny", ONE_THREAD, in);
    for (var o : List.of(ONE_THREAD.fade(ModelCard.Fade.TRIANGLE).overlap(0.25).batch(3),
        ONE_THREAD.fade(ModelCard.Fade.RECTANGLE).overlap(0).batch(1),
        ONE_THREAD.fade(ModelCard.Fade.HANN).overlap(0.75).batch(7))) {
      var got = run("linear_tiny", o, in);
      for (String s : List.of("low", "high")) {
        for (int c = 0; c < 2; c++) assertThat(maxDiff(got.get(s).array(c), ref.get(s).array(c))).as(o.toString()).isLessThan(CHUNKED);
      }
    }
  }

  @Test
  void separate_residual_isMixMinusSumOfStems() {
    AudioBuffer in = TorchFixtures.input();
    var got = run("umx_tiny", ONE_THREAD.residual("rest"), in);
    for (int c = 0; c < 2; c++) {
      float[] v = got.get("vocals").array(c), a = got.get("accompaniment").array(c), r = got.get("rest").array(c);
      float[] x = in.array(c);
      double d = 0;
      for (int i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i] - (v[i] + a[i] + r[i])));
      assertThat(d).isLessThan(1e-6);
    }
  }

  @Test
  void separate_identityModel_givesInputBackAndZeroResidual() {
    AudioBuffer in = TorchFixtures.input();
    var got = run("noisy_identity", ONE_THREAD.batch(3).residual("rest"), in);
    for (int c = 0; c < 2; c++) {
      assertThat(maxDiff(got.get("copy").array(c), in.array(c))).isLessThan(1e-6);
      assertThat(maxDiff(got.get("rest").array(c), new float[in.frames()])).isLessThan(1e-6);
    }
  }

  @Test
  void separate_monoInput_isDuplicatedIntoStereoModel() {
    AudioBuffer stereo = TorchFixtures.input();
    AudioBuffer mono = AudioBuffer.of(TorchFixtures.RATE, stereo.array(0));
    var got = run("noisy_identity", ONE_THREAD, mono);
    assertThat(got.get("copy").channels()).isEqualTo(2);
    for (int c = 0; c < 2; c++) assertThat(maxDiff(got.get("copy").array(c), stereo.array(0))).isLessThan(1e-6);
  }

  @Test
  void separate_fourChannels_followsTheChannelPolicy() {
    AudioBuffer s = TorchFixtures.input();
    float[] a = s.array(0), b = s.array(1), c3 = new float[s.frames()], d = new float[s.frames()];
    for (int i = 0; i < d.length; i++) {
      c3[i] = 0.25f;
      d[i] = -0.5f * a[i];
    }
    AudioBuffer quad = AudioBuffer.of(TorchFixtures.RATE, ChannelLayout.discrete(4), a, b, c3, d);
    var first = run("noisy_identity", ONE_THREAD.channels(ChannelPolicy.FIRST), quad).get("copy");
    assertThat(maxDiff(first.array(0), a)).isLessThan(1e-6);
    assertThat(maxDiff(first.array(1), b)).isLessThan(1e-6);
    var down = run("noisy_identity", ONE_THREAD.channels(ChannelPolicy.DOWNMIX), quad).get("copy");
    float[] mean = new float[a.length];
    for (int i = 0; i < a.length; i++) mean[i] = (float) (((double) a[i] + b[i] + c3[i] + d[i]) / 4);
    assertThat(maxDiff(down.array(0), mean)).isLessThan(1e-6);
    assertThat(maxDiff(down.array(1), mean)).isLessThan(1e-6);
    assertThatThrownBy(() -> run("noisy_identity", ONE_THREAD.channels(ChannelPolicy.REFUSE), quad))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the model takes 2 channels, the input has 4");
  }

  @Test
  void separate_otherRate_isResampledToTheModelRate() {
    AudioBuffer in = TorchFixtures.input();
    float[] x = new float[16_000];
    for (int i = 0; i < x.length; i++) x[i] = (float) (0.5 * Math.sin(2 * Math.PI * 300 * i / 16_000.0));
    var got = run("noisy_identity", ONE_THREAD, AudioBuffer.of(16_000, x, x)).get("copy");
    assertThat(got.sampleRate()).isEqualTo(8000);
    assertThat(got.frames()).isEqualTo(8000);
    // a 300 Hz sine survives 16 -> 8 kHz: compare away from the filter's edges
    double d = 0;
    for (int i = 200; i < 7800; i++) d = Math.max(d, Math.abs(got.array(0)[i] - 0.5 * Math.sin(2 * Math.PI * 300 * i / 8000.0)));
    assertThat(d).isLessThan(1e-3);
    assertThat(in.frames()).isPositive();
  }

  @Test
  void separate_shifts_deterministicBySeedAndMatchSplitMix64() {
    AudioBuffer in = TorchFixtures.input();
    var o = ONE_THREAD.shifts(2).seed(7);
    var a = run("hdemucs_tiny", o, in);
    var b = run("hdemucs_tiny", o, in);
    var c = run("hdemucs_tiny", o.seed(8), in);
    for (String s : List.of("vocals", "other")) {
      assertThat(a.get(s).array(0)).containsExactly(b.get(s).array(0));
      assertThat(maxDiff(a.get(s).array(0), c.get(s).array(0))).isGreaterThan(1e-4);
    }
    // the delays for seed 7 at 8 kHz (m = 4000): Python's SplitMix64(7).below(4001) twice gives u,
    // d = m - u; numbers from make_fixtures.py's generator
    var sep = new ChunkedSeparator(new ChunkModel.Waveform(null, ModelCard.parse(card(2)), 1000), 8000, 2, 1, 1000, 0, 0.25,
        ModelCard.Fade.TRIANGLE, 1, 2, 7, 0, 1, false, false, null, (x, n) -> {});
    assertThat(sep.delays()).containsExactly(SPLITMIX_SEED7_DELAYS);
  }

  /** {@code [4000 - SplitMix64(7).below(4001) for _ in range(2)]}, printed by make_fixtures.py's class. */
  static final int[] SPLITMIX_SEED7_DELAYS = {1242, 834};

  static String card(int channels) {
    return """
        {"format": "themachine-separation-card/1", "sample_rate": 8000, "channels": %d, "stems": ["a"],
         "segment": 1000}""".formatted(channels);
  }

  @Test
  void readers_oneAfterAnother_equalSinkOutputAndSpill() throws IOException {
    AudioBuffer in = TorchFixtures.input();
    var want = run("umx_tiny", ONE_THREAD, in);
    try (ModelSeparation m = ModelSeparation.open(TorchFixtures.model("umx_tiny"));
         StemReaders stems = m.readers(in, ONE_THREAD)) {
      assertThat(stems.names()).containsExactly("vocals", "accompaniment");
      for (String s : List.of("accompaniment", "vocals")) { // not the model's order
        AudioBuffer b = stems.reader(s).readAll(1 << 20);
        for (int c = 0; c < 2; c++) assertThat(b.array(c)).containsExactly(want.get(s).array(c));
      }
      ModelRun r = stems.result();
      assertThat(r.frames()).isEqualTo(in.frames());
      assertThat(r.toString()).contains("1.7 s of audio");
    }
  }

  @Test
  void separate_sinkAndBlocks_boundedAndInOrder() {
    AudioBuffer in = TorchFixtures.input();
    var want = run("linear_tiny", ONE_THREAD, in);
    List<Integer> sizes = new ArrayList<>();
    float[] low0 = new float[in.frames()];
    int[] at = {0};
    try (ModelSeparation m = ModelSeparation.open(TorchFixtures.model("linear_tiny"))) {
      ModelRun r = m.separate(AudioBlockReader.of(in), ONE_THREAD, (stems, n) -> {
        sizes.add(n);
        System.arraycopy(stems[0][0], 0, low0, at[0], n);
        at[0] += n;
      });
      assertThat(r.frames()).isEqualTo(in.frames());
      assertThat(r.passes()).isEqualTo(1);
    }
    assertThat(at[0]).isEqualTo(in.frames());
    assertThat(sizes).allMatch(n -> n <= 4096);
    assertThat(low0).containsExactly(want.get("low").array(0));
  }

  @Test
  void separate_clipPolicies_clampAndRescale() {
    AudioBuffer in = TorchFixtures.input();
    float[] x0 = in.array(0).clone(), x1 = in.array(1).clone();
    for (int i = 0; i < x0.length; i++) {
      x0[i] *= 3;
      x1[i] *= 3;
    }
    AudioBuffer loud = AudioBuffer.of(TorchFixtures.RATE, x0, x1);
    var none = run("noisy_identity", ONE_THREAD, loud).get("copy");
    var clamp = run("noisy_identity", ONE_THREAD.clip(Clip.CLAMP), loud).get("copy");
    var rescale = run("noisy_identity", ONE_THREAD.clip(Clip.RESCALE), loud).get("copy");
    float peak = 0;
    for (int c = 0; c < 2; c++) for (float v : none.array(c)) peak = Math.max(peak, Math.abs(v));
    assertThat(peak).isGreaterThan(2f);
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < x0.length; i++) {
        float v = none.array(c)[i];
        assertThat(clamp.array(c)[i]).isEqualTo(Math.max(-1f, Math.min(1f, v)));
        assertThat((double) rescale.array(c)[i]).isCloseTo(v / peak, org.assertj.core.api.Assertions.within(1e-6));
      }
    }
    assertThatThrownBy(() -> {
      try (ModelSeparation m = ModelSeparation.open(TorchFixtures.model("noisy_identity"))) {
        m.separate(AudioBlockReader.of(loud), ONE_THREAD.clip(Clip.RESCALE), (s, n) -> {});
      }
    }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AudioSource or AudioBuffer");
  }

  @Test
  void separate_nanInput_throwsClearError() {
    AudioBuffer in = TorchFixtures.input();
    float[] x = in.array(0).clone();
    x[5000] = Float.NaN;
    AudioBuffer bad = AudioBuffer.of(TorchFixtures.RATE, x, in.array(1));
    assertThatThrownBy(() -> run("linear_tiny", ONE_THREAD, bad)).isInstanceOf(ModelException.class)
        .hasMessageContaining("NaN or infinite").hasMessageContaining("frame 5000");
    assertThatThrownBy(() -> run("hdemucs_tiny", ONE_THREAD, bad)).isInstanceOf(ModelException.class)
        .hasMessageContaining("NaN or infinite"); // found by the normalisation pass
  }

  @Test
  void open_corruptModel_throwsWithoutPath() throws IOException {
    Path d = Files.createDirectories(dir.resolve("CANARY-4711-JaneDoe"));
    Path pt = d.resolve("CANARY-4711-JaneDoe.pt");
    Files.write(pt, "not a zip archive at all".getBytes());
    Files.copy(TorchFixtures.resource("linear_tiny.json"), d.resolve("CANARY-4711-JaneDoe.json"));
    assertThatThrownBy(() -> ModelSeparation.open(pt)).isInstanceOf(ModelException.class)
        .hasMessageStartingWith("torch::jit::load failed").hasMessageNotContaining("CANARY").hasMessageNotContaining(dir.toString());
    // a truncated real archive too
    byte[] real = Files.readAllBytes(TorchFixtures.model("hdemucs_tiny"));
    Files.write(pt, java.util.Arrays.copyOf(real, real.length / 2));
    assertThatThrownBy(() -> ModelSeparation.open(pt)).isInstanceOf(ModelException.class)
        .hasMessageStartingWith("torch::jit::load failed").hasMessageNotContaining("CANARY");
  }

  @Test
  void open_missingCard_throwsWithoutPath() throws IOException {
    Path d = Files.createDirectories(dir.resolve("CANARY-4711-JaneDoe"));
    Path pt = Files.copy(TorchFixtures.model("linear_tiny"), d.resolve("CANARY-4711-JaneDoe.pt"));
    assertThatThrownBy(() -> ModelSeparation.open(pt)).isInstanceOf(ModelException.class)
        .hasMessage("model card: not found (expected a .json beside the model, or pass one)");
    assertThatThrownBy(() -> ModelSeparation.open(d.resolve("CANARY-4711-JaneDoe-missing.pt"), TorchFixtures.resource("linear_tiny.json")))
        .isInstanceOf(ModelException.class).hasMessageNotContaining("CANARY").hasMessageContaining("not found");
  }

  @Test
  void open_wrongCard_throwsCardDoesNotFit() throws IOException {
    Path d = Files.createDirectories(dir.resolve("CANARY-4711-JaneDoe"));
    Path pt = Files.copy(TorchFixtures.model("hdemucs_tiny"), d.resolve("CANARY-4711-JaneDoe.pt"));
    String good = Files.readString(TorchFixtures.resource("hdemucs_tiny.json"));
    // three stems where the graph has two
    Path c1 = Files.writeString(d.resolve("three.json"), good.replace("\"other\"", "\"other\", \"drums\""));
    assertThatThrownBy(() -> ModelSeparation.open(pt, c1)).isInstanceOf(ModelException.class)
        .hasMessageContaining("the card does not fit the model").hasMessageContaining("returned 16000 values")
        .hasMessageNotContaining("CANARY");
    // a segment the traced graph cannot take
    Path c2 = Files.writeString(d.resolve("segment.json"), good.replace("3000", "2000"));
    assertThatThrownBy(() -> ModelSeparation.open(pt, c2)).isInstanceOf(ModelException.class)
        .hasMessageContaining("the card does not fit the model").hasMessageContaining("forward failed")
        .hasMessageNotContaining("CANARY").hasMessageNotContaining(dir.toString());
    // not a card at all
    Path c3 = Files.writeString(d.resolve("bad.json"), "{\"format\": \"something-else\"}");
    assertThatThrownBy(() -> ModelSeparation.open(pt, c3)).isInstanceOf(ModelException.class)
        .hasMessageContaining("'format' must be");
  }

  @Test
  void close_calledTwice_isNoOpAndUseAfterCloseThrows() {
    ModelSeparation m = ModelSeparation.open(TorchFixtures.model("linear_tiny"));
    assertThat(m.toString()).startsWith("ModelSeparation[linear-tiny, sha256:").contains("8000 Hz, 2 ch, stems [low, high], waveform");
    assertThat(m.sha256()).matches("sha256:[0-9a-f]{64}");
    m.close();
    m.close();
    assertThatThrownBy(() -> m.separate(TorchFixtures.input(), ONE_THREAD)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("after close");
  }
}
