package io.themachine.audio.internal.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Loader;

/**
 * Loads the FFmpeg libraries once and silences FFmpeg's own logging: its messages may carry the
 * input's URL (a path) or tag values, so none of them may reach stderr. Called reflectively by
 * {@link FfmpegAvailability} after the class-name probe.
 */
public final class FfmpegNatives {
  private FfmpegNatives() {}

  private static final String VERSION = init();

  private static String init() {
    Loader.load(org.bytedeco.ffmpeg.global.avutil.class);
    Loader.load(org.bytedeco.ffmpeg.global.avcodec.class);
    Loader.load(org.bytedeco.ffmpeg.global.avformat.class);
    Loader.load(org.bytedeco.ffmpeg.global.swresample.class);
    av_log_set_level(AV_LOG_QUIET);
    return avutil.av_version_info().getString();
  }

  /** Loads the libraries (once) and returns FFmpeg's version string. */
  public static String load() {
    return VERSION;
  }
}
