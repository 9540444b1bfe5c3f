package io.themachine.audio.internal.ffmpeg;

import io.themachine.spi.Availability;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioEncoder;
import io.themachine.spi.audio.AudioEncoding;
import java.nio.file.Path;

/**
 * The FFmpeg {@link AudioEncoder}: WAV (PCM 16/24-bit, float32), FLAC (24-bit) and MP3 through
 * libmp3lame, which the bytedeco 8.0.1-1.5.13 build includes. Writes {@code out} only; the caller
 * moves it into place atomically.
 */
public final class FfmpegAudioEncoder implements AudioEncoder {
  public FfmpegAudioEncoder() {}

  @Override
  public Availability availability() {
    return FfmpegAvailability.availability();
  }

  @Override
  public void encode(AudioBlockReader audio, AudioEncoding encoding, Path out, String subject) {
    FfmpegAvailability.require(subject);
    FfmpegEncoding.encode(audio, encoding, out, subject);
  }
}
