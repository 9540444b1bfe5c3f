package io.themachine.audio.internal.ffmpeg;

import io.themachine.spi.Availability;
import io.themachine.spi.audio.AudioDecoder;
import io.themachine.spi.audio.AudioSource;
import java.nio.file.Path;

/** The FFmpeg {@link AudioDecoder}; loads without the bytedeco jars. */
public final class FfmpegAudioDecoder implements AudioDecoder {
  public FfmpegAudioDecoder() {}

  @Override
  public Availability availability() {
    return FfmpegAvailability.availability();
  }

  @Override
  public AudioSource open(Path file, String subject) {
    FfmpegAvailability.require(subject);
    return new FfmpegSource(file, subject);
  }
}
