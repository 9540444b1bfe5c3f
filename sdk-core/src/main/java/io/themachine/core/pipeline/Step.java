package io.themachine.core.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One step of a pipeline: which extension to {@code use}, {@code with} which parameters, under
 * which {@code name}, reading which earlier step's output ({@code input}; by default the nearest
 * earlier step that produced a kind this extension consumes, else the recording).
 */
public record Step(String name, String use, Map<String, Object> with, String input) {
  public Step {
    Objects.requireNonNull(use, "use");
    name = name == null || name.isBlank() ? use : name;
    with = Collections.unmodifiableMap(new LinkedHashMap<>(with == null ? Map.of() : with));
  }

  /** {@code Step.use("loudness.normalize").with("target_lufs", -16)}. */
  public static Step use(String extensionId) {
    return new Step(null, extensionId, Map.of(), null);
  }

  public Step with(String param, Object value) {
    Map<String, Object> m = new LinkedHashMap<>(with);
    m.put(param, value);
    return new Step(name, use, m, input);
  }

  public Step with(Map<String, ?> params) {
    Map<String, Object> m = new LinkedHashMap<>(with);
    m.putAll(params);
    return new Step(name, use, m, input);
  }

  public Step named(String stepName) {
    return new Step(stepName, use, with, input);
  }

  /** Reads the output of the step called {@code stepName}, or {@code "recording"} for the ingested recording. */
  public Step from(String stepName) {
    return new Step(name, use, with, stepName);
  }

  @Override
  public String toString() {
    return name + (name.equals(use) ? "" : "=" + use) + (with.isEmpty() ? "" : " " + with)
        + (input != null ? " <- " + input : "");
  }
}
