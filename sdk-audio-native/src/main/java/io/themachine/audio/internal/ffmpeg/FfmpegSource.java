package io.themachine.audio.internal.ffmpeg;

import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioSource;
import io.themachine.spi.audio.ChannelLayout;
import io.themachine.spi.audio.MediaInfo;
import java.nio.file.Path;

/**
 * A lazy decodable file. {@link #info()} runs the full probe once (decoding to count what is
 * there); {@link #open} opens a fresh decoder each time and holds nothing between calls.
 */
final class FfmpegSource implements AudioSource {
  private final Path file;
  private final String subject;
  private volatile MediaInfo info;

  FfmpegSource(Path file, String subject) {
    this.file = file;
    this.subject = subject;
  }

  @Override
  public MediaInfo info() {
    MediaInfo i = info;
    if (i == null) info = i = FfmpegMedia.probe(file, subject);
    return i;
  }

  @Override
  public AudioBlockReader open() {
    return open(0, null);
  }

  @Override
  public AudioBlockReader open(int sampleRate, ChannelLayout layout) {
    return new FfmpegReader(FfmpegInput.open(file, subject), sampleRate, layout, true);
  }

  @Override
  public String toString() {
    return "FfmpegSource[" + subject + "]";
  }
}
