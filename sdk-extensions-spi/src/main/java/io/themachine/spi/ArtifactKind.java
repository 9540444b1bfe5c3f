package io.themachine.spi;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What an artifact is, as extensions declare what they consume and produce. An open set: the
 * constants below are the kinds the SDK itself uses; an extension may name its own
 * ({@code ArtifactKind.of("transcript")}).
 */
public record ArtifactKind(String name) {
  private static final Pattern FORM = Pattern.compile("[a-z][a-z0-9_-]{0,39}");

  /** An ingested recording, stored as its sanitized copy. */
  public static final ArtifactKind RECORDING = new ArtifactKind("recording");
  /** Audio derived from a recording (decoded, normalized, separated stem, remix). */
  public static final ArtifactKind AUDIO = new ArtifactKind("audio");
  /** A numeric array, e.g. a mel spectrogram stored as {@code .npy}. */
  public static final ArtifactKind FEATURES = new ArtifactKind("features");
  /** A small structured document (JSON), e.g. a report. */
  public static final ArtifactKind DOCUMENT = new ArtifactKind("document");

  public ArtifactKind {
    Objects.requireNonNull(name, "name");
    if (!FORM.matcher(name).matches()) {
      throw new IllegalArgumentException("artifact kind must match " + FORM + ": " + name);
    }
  }

  public static ArtifactKind of(String name) {
    return new ArtifactKind(name);
  }

  /** True for kinds that hold audio an {@code AudioSource} can decode. */
  public boolean isAudio() {
    return this.equals(RECORDING) || this.equals(AUDIO);
  }

  @Override
  public String toString() {
    return name;
  }
}
