package io.themachine.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DescriptorTest {
  record GainParams(@Param("gain in dB") double gain_db) {
    GainParams {
      if (!(gain_db >= -60 && gain_db <= 60)) throw new ParamException("gain_db", "must be within ±60 dB");
    }
  }

  @Test
  void of_withers_keepEverythingElse() {
    var d = Descriptor.of("test.gain", "1.2.3", new GainParams(0))
        .consumes(ArtifactKind.AUDIO).produces(ArtifactKind.AUDIO).scope(Scope.RECORDING).summary("gain");
    assertThat(d.id()).isEqualTo("test.gain");
    assertThat(d.version()).isEqualTo(SemanticVersion.parse("1.2.3"));
    assertThat(d.paramsType()).isEqualTo(GainParams.class);
    assertThat(d.consumes()).containsExactly(ArtifactKind.AUDIO);
    assertThat(d.toString()).isEqualTo("test.gain@1.2.3 [audio] -> [audio] per recording");
  }

  @Test
  void of_badId_throwsNamingTheForm() {
    assertThatThrownBy(() -> Descriptor.of("Gain", "1.0.0", NoParams.INSTANCE))
        .hasMessageContaining("dotted lower case");
  }

  @Test
  void semanticVersion_preRelease_sortsBeforeRelease() {
    assertThat(SemanticVersion.parse("1.0.0-rc.1")).isLessThan(SemanticVersion.parse("1.0.0"));
    assertThat(SemanticVersion.parse("1.10.0")).isGreaterThan(SemanticVersion.parse("1.9.9"));
    assertThatThrownBy(() -> SemanticVersion.parse("1.0")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void paramException_namesTheField() {
    assertThatThrownBy(() -> new GainParams(99)).isInstanceOf(ParamException.class)
        .satisfies(e -> assertThat(((ParamException) e).field()).isEqualTo("gain_db"));
  }

  @Test
  void artifactId_rejectsOtherForms_andShortensForDisplay() {
    var id = ArtifactId.ofSha256(new byte[32]);
    assertThat(id.value()).startsWith("sha256:0000").hasSize(71);
    assertThat(id.shortForm()).isEqualTo("sha256:00000000…");
    assertThatThrownBy(() -> ArtifactId.of("md5:abc")).isInstanceOf(IllegalArgumentException.class);
  }
}
