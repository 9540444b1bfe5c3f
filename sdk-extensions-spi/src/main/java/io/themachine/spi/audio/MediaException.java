package io.themachine.spi.audio;

/**
 * Media that cannot be read or written as asked. The message names the function that failed, the
 * library's error text and an artifact id or job-local label, never a path or tag value.
 */
public class MediaException extends RuntimeException {
  /** What went wrong, for code that branches on it. */
  public enum Reason {
    /** Zero bytes, or no audio frames at all. */
    EMPTY,
    /** Not a media format the decoder recognises. */
    UNRECOGNIZED,
    /** Recognised, but damaged beyond decoding. */
    CORRUPT,
    /** Recognised, but a codec, rate or layout this build cannot handle. */
    UNSUPPORTED,
    /** Header values outside any sane range (sample rate 0, 65,535 channels). */
    INVALID_HEADER,
    /** NaN or infinite samples. */
    NON_FINITE,
    /** More than a caller's stated limit. */
    TOO_LARGE,
    /** The file system failed. */
    IO,
    /** No media backend (e.g. FFmpeg) on the path. */
    UNAVAILABLE
  }

  private final Reason reason;

  public MediaException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public MediaException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
