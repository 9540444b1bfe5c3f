package io.themachine.core.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themachine.core.LibrarianException;
import io.themachine.core.internal.privacy.Pseudonyms;
import io.themachine.core.internal.privacy.SafeLog;
import io.themachine.spi.ArtifactId;
import io.themachine.spi.Descriptor;
import io.themachine.spi.ParamException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InternalsTest {
  enum Mode { FAST_PATH, SLOW }

  public record P(int n, double gain, String name, Mode mode, List<Integer> sizes, boolean on) {
    public P {
      if (n < 0) throw new ParamException("n", "must not be negative");
    }
  }

  static final Descriptor<P> D = Descriptor.of("test.p", "1.0.0", new P(1, 0.5, "x", Mode.SLOW, List.of(1, 2), false));

  @Test
  void uuid7_hasVersionAndVariant_andSortsByCreation() {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 5000; i++) ids.add(Uuid7.next());
    assertThat(ids).allSatisfy(u -> {
      assertThat(u.version()).isEqualTo(7);
      assertThat(u.variant()).isEqualTo(2);
    });
    List<String> text = ids.stream().map(UUID::toString).toList();
    assertThat(text).isSorted().doesNotHaveDuplicates();
    long ms = ids.get(0).getMostSignificantBits() >>> 16;
    assertThat(Math.abs(ms - System.currentTimeMillis())).isLessThan(60_000);
  }

  @Test
  void safeLog_refusesStringsAndPaths_acceptsIdsAndNumbers() {
    assertThat(SafeLog.line("decoded", "frames", 10, "id", ArtifactId.ofSha256(new byte[32]), "ok", true))
        .startsWith("decoded frames=10 id=sha256:0000");
    assertThatThrownBy(() -> SafeLog.line("x", "file", "CANARY.wav")).hasMessageContaining("only numbers");
    assertThatThrownBy(() -> SafeLog.line("x", "file", Path.of("/tmp/a"))).hasMessageContaining("UnixPath");
    assertThatThrownBy(() -> SafeLog.line("Free text with a /path")).hasMessageContaining("constant identifier");
  }

  @Test
  void paramBinder_convertsYamlValues_andNamesFieldsInErrors() {
    P p = ParamBinder.bind(D, Map.of("n", 3, "gain", 2, "mode", "fast-path", "sizes", List.of(4L, 5)), "s");
    assertThat(p).isEqualTo(new P(3, 2.0, "x", Mode.FAST_PATH, List.of(4, 5), false));
    assertThat(ParamBinder.canonical(p)).isEqualTo(
        "{\"gain\":2.0,\"mode\":\"fast-path\",\"n\":3,\"name\":\"x\",\"on\":false,\"sizes\":[4,5]}");
    assertThatThrownBy(() -> ParamBinder.bind(D, Map.of("n", 2.5), "s")).hasMessageContaining("step 's', field 'n': must be a whole number");
    assertThatThrownBy(() -> ParamBinder.bind(D, Map.of("mode", "warp"), "s")).hasMessageContaining("field 'mode': must be one of [fast-path, slow]");
    assertThatThrownBy(() -> ParamBinder.bind(D, Map.of("on", "yes"), "s")).hasMessageContaining("field 'on': must be true or false");
    assertThatThrownBy(() -> ParamBinder.bind(D, Map.of("n", -1), "s")).isInstanceOf(LibrarianException.class)
        .hasMessageContaining("field 'n': must not be negative");
  }

  public record Camel(double targetLufs, int n_fft, String preset) {}

  @Test
  void paramBinder_spellsCamelCaseComponentsInSnakeCase() {
    var d = Descriptor.of("test.camel", "1.0.0", new Camel(-14, 2048, "x"));
    assertThat(ParamBinder.yamlName("targetLufs")).isEqualTo("target_lufs");
    assertThat(ParamBinder.yamlName("n_fft")).isEqualTo("n_fft");
    assertThat(ParamBinder.yamlName("maxDBValue")).isEqualTo("max_d_b_value");
    assertThat(ParamBinder.bind(d, Map.of("target_lufs", -23), "s")).isEqualTo(new Camel(-23, 2048, "x"));
    assertThat(ParamBinder.canonical(new Camel(-23, 2048, "x"))).isEqualTo("{\"n_fft\":2048,\"preset\":\"x\",\"target_lufs\":-23.0}");
    assertThatThrownBy(() -> ParamBinder.bind(d, Map.of("targetLufs", -23), "s")).hasMessageContaining("it takes: target_lufs, n_fft, preset");
  }

  @Test
  void stepKey_dependsOnEveryPart_notOnMapOrder() {
    String a = StepKeys.key("e", "1.0.0", "{\"a\":1,\"b\":2}", List.of("sha256:1"), Map.of("ffmpeg", "8"));
    assertThat(StepKeys.key("e", "1.0.0", "{\"b\":2,\"a\":1}", List.of("sha256:1"), Map.of("ffmpeg", "8"))).isEqualTo(a);
    assertThat(StepKeys.key("e", "1.0.1", "{\"a\":1,\"b\":2}", List.of("sha256:1"), Map.of("ffmpeg", "8"))).isNotEqualTo(a);
    assertThat(StepKeys.key("e", "1.0.0", "{\"a\":1,\"b\":3}", List.of("sha256:1"), Map.of("ffmpeg", "8"))).isNotEqualTo(a);
    assertThat(StepKeys.key("e", "1.0.0", "{\"a\":1,\"b\":2}", List.of("sha256:2"), Map.of("ffmpeg", "8"))).isNotEqualTo(a);
    assertThat(StepKeys.key("e", "1.0.0", "{\"a\":1,\"b\":2}", List.of("sha256:1"), Map.of("ffmpeg", "9"))).isNotEqualTo(a);
  }

  @Test
  void pseudonyms_areKeyed_stable_andDomainSeparated() {
    var a = new Pseudonyms(new byte[32]);
    byte[] other = new byte[32];
    other[0] = 1;
    var b = new Pseudonyms(other);
    assertThat(a.recording("sha256:ab")).isEqualTo(a.recording("sha256:ab")).matches("rec-[0-9a-f]{16}");
    assertThat(a.recording("sha256:ab")).isNotEqualTo(b.recording("sha256:ab"));
    assertThat(a.group("x").substring(4)).isNotEqualTo(a.recording("x").substring(4));
  }

  @Test
  void errors_keepIoExceptionTypesOnly_andScrubPaths() {
    assertThat(Errors.describe(new java.nio.file.NoSuchFileException("/srv/calls/jane/CANARY.wav"))).isEqualTo("I/O error (NoSuchFileException)");
    assertThat(Errors.describe(new IllegalStateException("cannot read /srv/calls/jane/CANARY.wav now"))).isEqualTo("cannot read <path> now");
    assertThat(Errors.describe(new java.io.IOException("No space left on device"))).isEqualTo("no space left on device");
  }
}
