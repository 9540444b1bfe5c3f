package io.themachine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themachine.core.LibrarianException.Reason;
import io.themachine.core.pipeline.Pipeline;
import io.themachine.core.testing.Files2;
import io.themachine.spi.ComputeDevice;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineValidationTest {
  @TempDir Path tmp;

  private static LibrarianException invalid(Runnable r) {
    try {
      r.run();
    } catch (LibrarianException e) {
      assertThat(e.reason()).isEqualTo(Reason.INVALID_PIPELINE);
      return e;
    }
    throw new AssertionError("expected an invalid-pipeline error");
  }

  private void validate(String yaml) {
    try (var lib = Librarian.open(tmp.resolve("lib"), LibrarianTest.opts())) {
      lib.validate(Pipeline.fromYamlText(yaml));
    }
  }

  @Test
  void fromYaml_fullForm_readsEveryField() {
    var p = Pipeline.fromYamlText("""
        name: demo
        device: cpu
        steps:
          - use: test.transform
            with: { key: 3, delay_ms: 0 }
          - use: test.measure
            input: test.transform
          - use: test.transform
            name: second
            input: recording
        """);
    assertThat(p.name()).isEqualTo("demo");
    assertThat(p.device()).isEqualTo(ComputeDevice.CPU);
    assertThat(p.steps()).hasSize(3);
    assertThat(p.steps().get(0).with()).containsEntry("key", 3);
    assertThat(p.toString()).isEqualTo("Pipeline[demo: test.transform -> test.measure -> second]");
    validate("""
        steps:
          - use: test.transform
          - use: test.measure
            input: test.transform
        """);
  }

  @Test
  void validate_unknownExtension_namesStepAndKnownIds() {
    var e = invalid(() -> validate("steps:\n  - use: nope.missing\n"));
    assertThat(e).hasMessageContaining("step 'nope.missing'").hasMessageContaining("unknown extension").hasMessageContaining("test.transform");
  }

  @Test
  void validate_unknownParam_namesStepAndField() {
    var e = invalid(() -> validate("steps:\n  - use: test.transform\n    name: xor\n    with: { kee: 3 }\n"));
    assertThat(e).hasMessageContaining("step 'xor', field 'kee'").hasMessageContaining("it takes: key, delay_ms");
  }

  @Test
  void validate_paramRejectedByRecord_namesStepAndField() {
    var e = invalid(() -> validate("steps:\n  - use: test.transform\n    with: { key: 300 }\n"));
    assertThat(e).hasMessageContaining("step 'test.transform', field 'key': must be between 0 and 255");
  }

  @Test
  void validate_wrongType_namesField() {
    var e = invalid(() -> validate("steps:\n  - use: test.transform\n    with: { key: [1, 2] }\n"));
    assertThat(e).hasMessageContaining("field 'key'");
  }

  @Test
  void validate_inputFromMetricsOnlyOrLaterStep_isRejected() {
    assertThat(invalid(() -> validate("steps:\n  - use: test.measure\n  - use: test.transform\n    input: test.measure\n")))
        .hasMessageContaining("produces no artifacts");
    assertThat(invalid(() -> validate("steps:\n  - use: test.transform\n    input: later\n")))
        .hasMessageContaining("not an earlier step");
  }

  @Test
  void parse_malformedYaml_givesLine() {
    var e = invalid(() -> Pipeline.fromYamlText("steps:\n  - use: a\n   with: [\n"));
    assertThat(e).hasMessageContaining("malformed YAML").hasMessageContaining("line");
  }

  @Test
  void parse_shapeErrors_areNamed() {
    assertThat(invalid(() -> Pipeline.fromYamlText(""))).hasMessageContaining("empty");
    assertThat(invalid(() -> Pipeline.fromYamlText("steps: []"))).hasMessageContaining("non-empty list");
    assertThat(invalid(() -> Pipeline.fromYamlText("stepz: []"))).hasMessageContaining("unknown field 'stepz'");
    assertThat(invalid(() -> Pipeline.fromYamlText("steps:\n  - with: {}\n"))).hasMessageContaining("step 1: missing 'use:'");
    assertThat(invalid(() -> Pipeline.fromYamlText("steps:\n  - use: a\n    wiht: {}\n"))).hasMessageContaining("step 1 ('a'): unknown field 'wiht'");
    assertThat(invalid(() -> Pipeline.fromYamlText("device: tpu\nsteps:\n  - use: a\n"))).hasMessageContaining("cpu, cuda or auto");
    assertThat(invalid(() -> Pipeline.fromYamlText("steps:\n  - use: a\n  - use: a\n"))).hasMessageContaining("used twice");
  }

  @Test
  void fromYaml_missingFile_saysSoWithoutThePath() {
    Path missing = tmp.resolve("CANARY-4711-JaneDoe/pipeline.yaml");
    var e = invalid(() -> Pipeline.fromYaml(missing));
    assertThat(e).hasMessage("pipeline file not found").hasMessageNotContaining("CANARY");
  }

  @Test
  void run_invalidPipeline_runsNothing() throws Exception {
    Files2.random(tmp.resolve("in/a.wav"), 1000, 1);
    try (var lib = Librarian.open(tmp.resolve("lib"), LibrarianTest.opts())) {
      lib.ingest(tmp.resolve("in"));
      invalid(() -> lib.run(Pipeline.fromYamlText("steps:\n  - use: test.transform\n  - use: test.transform\n    name: b\n    with: {key: -1}\n")));
      assertThat(lib.status().jobs()).containsExactly(java.util.Map.entry("done", 1L)); // the ingest job only
    }
  }
}
