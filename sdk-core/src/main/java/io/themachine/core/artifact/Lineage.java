package io.themachine.core.artifact;

import io.themachine.spi.ArtifactId;
import io.themachine.spi.ArtifactKind;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How an artifact came to be: the chain of steps back to the ingested recording(s), newest first.
 * The last entry is a recording (its {@code extension} is {@code ingest}).
 */
public record Lineage(List<Link> chain) {

  /**
   * One artifact and the step that made it.
   *
   * @param parents the step's inputs
   */
  public record Link(ArtifactId artifact, ArtifactKind kind, String extension, String version,
      Map<String, Object> params, String stepKey, UUID job, List<ArtifactId> parents) {
    @Override
    public String toString() {
      return artifact.shortForm() + " " + kind + " <- " + extension
          + (version != null ? "@" + version : "") + (params.isEmpty() ? "" : " " + params);
    }
  }

  public Lineage {
    chain = List.copyOf(chain);
  }

  /** The artifact explained. */
  public Link head() {
    return chain.get(0);
  }

  /** The recordings at the root of the chain. */
  public List<ArtifactId> roots() {
    return chain.stream().filter(l -> l.parents().isEmpty()).map(Link::artifact).toList();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Lineage[");
    for (int i = 0; i < chain.size(); i++) sb.append(i == 0 ? "" : "\n  ").append(chain.get(i));
    return sb.append(']').toString();
  }
}
