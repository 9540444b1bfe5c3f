package io.themachine.spi.audio;

import io.themachine.spi.Availability;
import java.nio.file.Path;
import java.util.Map;

/**
 * Probes and sanitizes media at ingest; a service found through {@link java.util.ServiceLoader}
 * ({@code sdk-audio-native} provides the FFmpeg one). Without one, the librarian stores files as
 * opaque blobs and says so. {@code subject} is a PII-free label for messages (a job id and input
 * number), never a path.
 */
public interface MediaProbe {
  /** Short name, e.g. {@code ffmpeg}. */
  String name();

  /** Must not throw. */
  Availability availability();

  /** Versions that shape its output, e.g. {@code ffmpeg -> 8.0.1}. */
  Map<String, String> toolVersions();

  /** Reads the header and decodes the audio to count what is really there. */
  MediaInfo probe(Path file, String subject);

  /**
   * Writes to {@code out} a copy of {@code in} holding only the audio stream: no metadata, chapters,
   * pictures or other streams. The copy is re-probed to prove no tag is left.
   */
  SanitizeResult sanitize(Path in, Path out, String subject);
}
