package io.themachine.spi;

import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioEncoding;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Creates one output artifact atomically: bytes go to a temporary file inside the store, and only
 * {@link #commit()} hashes, fsyncs and renames it into place. Closing without committing discards
 * it, so a failed or killed run never leaves a half artifact visible.
 *
 * <pre>{@code
 * try (var out = ctx.newArtifact(ArtifactKind.FEATURES, "npy")) {
 *   Npy.write(out.stream(), mel);
 *   out.metric("features.frames", mel.frames());
 *   out.commit();
 * }
 * }</pre>
 */
public interface ArtifactWriter extends AutoCloseable {
  /** The temporary file to write, for tools that want a path. */
  Path path();

  /** A stream over {@link #path()}; opened on first call, closed by {@link #commit()}. */
  OutputStream stream();

  /** Encodes audio into this artifact with the library's audio encoder (FFmpeg, when present). */
  void writeAudio(AudioBlockReader audio, AudioEncoding encoding);

  /** A number shown with this artifact in the manifest. Non-finite values are written as null. */
  ArtifactWriter metric(String name, double value);

  /** A small JSON value (at most 64 KiB) shown with this artifact in the manifest. */
  ArtifactWriter metricJson(String name, String json);

  /** A short attribute (e.g. {@code stem=vocals}); the value must not carry personal data. */
  ArtifactWriter label(String name, String value);

  /** Moves the file into the store and returns its content id. Idempotent. */
  ArtifactId commit();

  /** Discards the file unless committed. */
  @Override
  void close();
}
