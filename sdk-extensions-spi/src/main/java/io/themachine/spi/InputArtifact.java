package io.themachine.spi;

import io.themachine.spi.audio.AudioSource;
import io.themachine.spi.audio.MediaInfo;
import java.nio.file.Path;
import java.util.Optional;

/** One input of a run: an artifact in the library's store, read-only. */
public interface InputArtifact {
  ArtifactId id();

  ArtifactKind kind();

  /** Media facts from the probe, when the artifact is media and a probe was available. */
  Optional<MediaInfo> media();

  /** The stored file. Read it; never write it. Its name is the content hash, never the original name. */
  Path path();

  /** Decoded audio, streamed. Throws {@link ExtensionException} when no decoder is available. */
  AudioSource audio();

  /** For per-group runs: the role in the call group ({@code left}, {@code right}, {@code mixed}), else empty. */
  Optional<String> role();
}
