package io.themachine.core.artifact;

import io.themachine.spi.ArtifactId;
import io.themachine.spi.audio.MediaInfo;

/**
 * An ingested recording: its content id (of the sanitized stored copy), its pseudonym, what the
 * probe found, how it was stored and, for phone calls, its call group and role.
 *
 * @param storedAs {@code opaque} (no media probe on the path), {@code stream-copy} or {@code lossless-reencode}
 * @param group    the call group's pseudonym, or null
 * @param role     {@code left}, {@code right} or {@code mixed} within the group, or null
 */
public record Recording(ArtifactId id, String pseudonym, MediaInfo media, String storedAs, Boolean hadTags,
    String group, String role) {

  @Override
  public String toString() {
    return "Recording[" + pseudonym + ", " + id.shortForm()
        + (media != null ? ", " + Sizes.describe(media) : ", " + storedAs)
        + (group != null ? ", " + group + "/" + role : "") + "]";
  }
}
