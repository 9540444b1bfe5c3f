package io.themachine.core;

import io.themachine.spi.ArtifactKind;
import io.themachine.spi.Availability;
import io.themachine.spi.Scope;
import java.util.List;
import java.util.Set;

/**
 * An extension as listings show it: id, version, kinds, scope, parameters with their defaults,
 * and whether it can run here (with the reason if not).
 */
public record ExtensionInfo(String id, String version, Set<ArtifactKind> consumes, Set<ArtifactKind> produces,
    Scope scope, String summary, List<ParamInfo> params, Availability availability, String provider) {

  /** One parameter: its YAML name, Java type, default and one-line description. */
  public record ParamInfo(String name, String type, Object defaultValue, String description) {
    @Override
    public String toString() {
      return name + ": " + type + " = " + defaultValue;
    }
  }

  @Override
  public String toString() {
    return id + "@" + version + " " + consumes + " -> " + produces
        + (availability.available() ? "" : " (" + availability + ")");
  }
}
