package io.themachine.audio.internal.ffmpeg;

import io.themachine.spi.Availability;
import io.themachine.spi.audio.MediaException;
import io.themachine.spi.audio.MediaInfo;
import io.themachine.spi.audio.MediaProbe;
import io.themachine.spi.audio.SanitizeResult;
import java.nio.file.Path;
import java.util.Map;

/** The FFmpeg {@link MediaProbe}; loads without the bytedeco jars and says why it cannot run. */
public final class FfmpegMediaProbe implements MediaProbe {
  public FfmpegMediaProbe() {}

  @Override
  public String name() {
    return "ffmpeg";
  }

  @Override
  public Availability availability() {
    return FfmpegAvailability.availability();
  }

  @Override
  public Map<String, String> toolVersions() {
    return FfmpegAvailability.toolVersions();
  }

  @Override
  public MediaInfo probe(Path file, String subject) {
    FfmpegAvailability.require(subject);
    return FfmpegMedia.probe(file, subject);
  }

  @Override
  public SanitizeResult sanitize(Path in, Path out, String subject) {
    FfmpegAvailability.require(subject);
    return FfmpegMedia.sanitize(in, out, subject);
  }

  /** The tag markers of a probe: key names and structural markers, never values. Tests only. */
  public static java.util.Set<String> tagMarkersForTest(Path file, String subject) {
    FfmpegAvailability.require(subject);
    return FfmpegMedia.probeWithMarkers(file, subject).tagMarkers();
  }


}
