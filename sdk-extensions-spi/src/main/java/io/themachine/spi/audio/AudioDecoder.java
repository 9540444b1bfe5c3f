package io.themachine.spi.audio;

import io.themachine.spi.Availability;
import java.nio.file.Path;

/** Decodes stored media to planar float32; a {@link java.util.ServiceLoader} service. */
public interface AudioDecoder {
  /** Must not throw. */
  Availability availability();

  /** A lazy source over {@code file}; {@code subject} labels errors (an artifact id), never a path. */
  AudioSource open(Path file, String subject);
}
