package io.themachine.spi.audio;

import io.themachine.spi.Availability;
import java.nio.file.Path;

/** Encodes planar float32 audio into a file; a {@link java.util.ServiceLoader} service. */
public interface AudioEncoder {
  /** Must not throw. */
  Availability availability();

  /** Encodes everything {@code audio} delivers into {@code out}, which the caller then moves into place. */
  void encode(AudioBlockReader audio, AudioEncoding encoding, Path out, String subject);
}
