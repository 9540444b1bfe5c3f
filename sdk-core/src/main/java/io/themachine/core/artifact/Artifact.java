package io.themachine.core.artifact;

import io.themachine.spi.ArtifactId;
import io.themachine.spi.ArtifactKind;
import io.themachine.spi.audio.MediaInfo;
import java.util.Map;
import java.util.UUID;

/**
 * An artifact in the library: content id, kind, size, media facts when probed, short labels and
 * the job that first produced it (null for ingested recordings). Prints without a path.
 *
 * @param storePath the file's path relative to the library's store, e.g. {@code sha256/9f/9f2c….wav}
 */
public record Artifact(ArtifactId id, ArtifactKind kind, long size, MediaInfo media, Map<String, String> labels,
    UUID createdBy, String storePath) {

  @Override
  public String toString() {
    return "Artifact[" + id.shortForm() + ", " + kind + ", " + Sizes.human(size)
        + (media != null ? ", " + Sizes.describe(media) : "") + "]";
  }
}
