package io.themachine.audio;

import io.themachine.audio.internal.ffmpeg.FfmpegAudioDecoder;
import io.themachine.audio.internal.ffmpeg.FfmpegAudioEncoder;
import io.themachine.audio.internal.ffmpeg.FfmpegMediaProbe;
import io.themachine.spi.Availability;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioEncoding;
import io.themachine.spi.audio.AudioSource;
import io.themachine.spi.audio.MediaInfo;
import io.themachine.spi.audio.SanitizeResult;
import java.nio.file.Path;

/**
 * The front door to media files, through FFmpeg when its jars are on the path:
 *
 * <pre>{@code
 * jshell> AudioFiles.probe(Path.of("call.m4a"))
 * $1 ==> MediaInfo[mov/aac, 44100 Hz, stereo, 12.480 s]
 * jshell> AudioFiles.open(Path.of("call.m4a")).readAll(60)
 * $2 ==> AudioBuffer[44100 Hz, stereo, 12.480 s, heap]
 * }</pre>
 *
 * Errors are {@link io.themachine.spi.audio.MediaException}s that name the FFmpeg call and a label
 * ({@code subject}, default {@value #DEFAULT_SUBJECT}), never the path.
 */
public final class AudioFiles {
  private AudioFiles() {}

  /** The label used in messages when the caller gives none. */
  public static final String DEFAULT_SUBJECT = "input";

  private static final FfmpegMediaProbe PROBE = new FfmpegMediaProbe();
  private static final FfmpegAudioDecoder DECODER = new FfmpegAudioDecoder();
  private static final FfmpegAudioEncoder ENCODER = new FfmpegAudioEncoder();

  /** Whether FFmpeg can run here, and if not why. Never throws. */
  public static Availability availability() {
    return PROBE.availability();
  }

  /** Header facts plus what really decodes (the whole file is decoded to count it). */
  public static MediaInfo probe(Path file) {
    return PROBE.probe(file, DEFAULT_SUBJECT);
  }

  public static MediaInfo probe(Path file, String subject) {
    return PROBE.probe(file, subject);
  }

  /** A lazy source; nothing is decoded until {@link AudioSource#open()}. */
  public static AudioSource open(Path file) {
    return DECODER.open(file, DEFAULT_SUBJECT);
  }

  public static AudioSource open(Path file, String subject) {
    return DECODER.open(file, subject);
  }

  /** Writes to {@code out} a copy holding only the audio stream, re-probed to prove it has no tags. */
  public static SanitizeResult sanitize(Path in, Path out) {
    return PROBE.sanitize(in, out, DEFAULT_SUBJECT);
  }

  /** Encodes everything {@code audio} delivers into {@code out}. */
  public static void encode(AudioBlockReader audio, AudioEncoding encoding, Path out) {
    ENCODER.encode(audio, encoding, out, DEFAULT_SUBJECT);
  }
}
