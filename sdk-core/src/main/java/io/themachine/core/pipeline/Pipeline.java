package io.themachine.core.pipeline;

import io.themachine.core.internal.exec.PipelineYaml;
import io.themachine.spi.ComputeDevice;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An ordered list of steps run over every recording in a library. Read from YAML:
 *
 * <pre>{@code
 * name: default
 * device: auto          # cpu | cuda | auto
 * steps:
 *   - use: audio.probe
 *   - use: loudness.normalize
 *     with: { target_lufs: -14 }
 *   - use: features.mel
 *     input: loudness.normalize
 * }</pre>
 *
 * Parsing checks the file's shape; {@code Librarian.validate} (called by every run before anything
 * runs) checks extensions and parameters, naming the step and field of each error.
 */
public record Pipeline(String name, List<Step> steps, ComputeDevice device) {
  public Pipeline {
    name = name == null || name.isBlank() ? "pipeline" : name;
    steps = List.copyOf(steps);
    device = Objects.requireNonNullElse(device, ComputeDevice.AUTO);
  }

  public static Pipeline of(Step... steps) {
    return new Pipeline(null, List.of(steps), ComputeDevice.AUTO);
  }

  /** Reads a pipeline file. Errors name the line and field, never the file's path. */
  public static Pipeline fromYaml(Path file) {
    return PipelineYaml.read(file);
  }

  /** Parses pipeline YAML text. */
  public static Pipeline fromYamlText(String yaml) {
    return PipelineYaml.parse(yaml);
  }

  public Pipeline named(String n) {
    return new Pipeline(n, steps, device);
  }

  public Pipeline on(ComputeDevice d) {
    return new Pipeline(name, steps, d);
  }

  @Override
  public String toString() {
    return "Pipeline[" + name + ": " + String.join(" -> ", steps.stream().map(Step::name).toList()) + "]";
  }
}
