package io.themachine.audio.internal.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_INVALIDDATA;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import io.themachine.spi.audio.MediaException;
import io.themachine.spi.audio.MediaException.Reason;
import java.nio.charset.StandardCharsets;

/**
 * Turns an FFmpeg return code into a {@link MediaException} naming the function, the code, the
 * {@code av_strerror} text and the subject label; never a path.
 */
final class AvError {
  private AvError() {}

  /** {@code AVERROR(EAGAIN)}: EAGAIN is 11 on Linux, the only platform this build ships. */
  static final int EAGAIN = -11;

  static String text(int code) {
    byte[] buf = new byte[256];
    if (av_strerror(code, buf, buf.length) < 0) return "unknown error";
    int n = 0;
    while (n < buf.length && buf[n] != 0) n++;
    return new String(buf, 0, n, StandardCharsets.UTF_8);
  }

  static String message(String function, int code, String subject) {
    return function + " failed: " + code + " (" + text(code) + "), " + subject;
  }

  static MediaException error(Reason reason, String function, int code, String subject) {
    return new MediaException(reason, message(function, code, subject));
  }

  /** Returns {@code code} when non-negative, else throws with {@code reason}. */
  static int check(int code, String function, Reason reason, String subject) {
    if (code < 0) throw error(reason, function, code, subject);
    return code;
  }

  /** The reason an input-side failure most likely means. */
  static Reason inputReason(int code) {
    if (code == AVERROR_INVALIDDATA) return Reason.UNRECOGNIZED;
    if (code == AVERROR_EOF) return Reason.CORRUPT; // the file ends inside its header
    return Reason.IO;
  }
}
