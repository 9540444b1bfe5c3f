package io.themachine.audio.internal.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themachine.audio.separation.ModelCard;
import io.themachine.audio.separation.ModelException;
import io.themachine.audio.separation.ModelOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Card parsing (no libtorch needed): the fixtures' cards, defaults, and refusals that name the key. */
class ModelCardTest {
  @Test
  void read_fixtureCards_printWell() {
    assertThat(ModelCard.read(TorchFixtures.resource("hdemucs_tiny.json")).toString()).isEqualTo(
        "ModelCard[hdemucs-tiny, 8000 Hz, 2 ch, stems [vocals, other], waveform, segment 3000 + 2x500, overlap 0.25, triangle, normalised]");
    ModelCard mdx = ModelCard.read(TorchFixtures.resource("mdx_tiny.json"));
    assertThat(mdx.stft().bins()).isEqualTo(96);
    assertThat(mdx.stft().frames(2560)).isEqualTo(41);
    assertThat(mdx.toString()).contains("stft 256/64 centred reflect, complex_as_channels -> complex_as_channels, 96 bins");
  }

  @Test
  void besides_replacesTheExtension() {
    assertThat(ModelCard.besides(Path.of("models", "htdemucs.pt"))).isEqualTo(Path.of("models", "htdemucs.json"));
  }

  @Test
  void parse_badCards_sayWhichKey() {
    String ok = "{\"format\": \"themachine-separation-card/1\", \"sample_rate\": 44100, \"stems\": [\"v\"], \"segment\": 100";
    assertThat(ModelCard.parse(ok + "}").channels()).isEqualTo(2);
    assertThatThrownBy(() -> ModelCard.parse(ok + ", \"colour\": 1}")).isInstanceOf(ModelException.class).hasMessage("model card: unknown key 'colour'");
    assertThatThrownBy(() -> ModelCard.parse(ok.replace("44100", "44100.5") + "}")).hasMessage("model card: 'sample_rate' must be an integer");
    assertThatThrownBy(() -> ModelCard.parse(ok + ", \"overlap\": 1}")).hasMessage("model card: overlap must be in [0, 1)");
    assertThatThrownBy(() -> ModelCard.parse(ok.replace("[\"v\"]", "[\"v\", \"v\"]") + "}")).hasMessage("model card: stem names repeat");
    assertThatThrownBy(() -> ModelCard.parse(ok + ", \"stft\": {\"n_fft\": 256, \"input\": \"mask\"}}")).hasMessageContaining("cannot be a mask");
    assertThatThrownBy(() -> ModelCard.parse(ok)).hasMessageStartingWith("model card: JSON expected ',' at offset");
    assertThatThrownBy(() -> ModelCard.parse("[]")).hasMessage("model card: not a JSON object");
  }

  @Test
  void options_printWellAndResolveAgainstTheCard() {
    ModelCard card = ModelCard.read(TorchFixtures.resource("umx_tiny.json"));
    ModelOptions o = ModelOptions.defaults().shifts(2).seed(42).batch(4).residual("rest").threads(2);
    assertThat(o.toString()).isEqualTo("ModelOptions[batch 4, shifts 2 seed 42, residual rest, 2 threads]");
    assertThat(o.overlapFor(card)).isEqualTo(0.5);
    assertThat(o.fadeFor(card)).isEqualTo(ModelCard.Fade.HANN);
    assertThat(o.segmentFor(card)).isEqualTo(2048);
    assertThatThrownBy(() -> o.residual("a b")).isInstanceOf(IllegalArgumentException.class);
  }
}
