package io.themachine.core.artifact;

import io.themachine.spi.audio.MediaInfo;
import java.util.Locale;

/** Formats sizes and durations for {@code toString}s. */
final class Sizes {
  private Sizes() {}

  static String human(long bytes) {
    if (bytes < 1024) return bytes + " B";
    if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    if (bytes < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    return String.format(Locale.ROOT, "%.2f GiB", bytes / 1073741824.0);
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }

  static String describe(MediaInfo m) {
    Double secs = m.decodedSeconds() != null ? m.decodedSeconds() : m.declaredSeconds();
    String rate = m.sampleRate() % 1000 == 0 ? (m.sampleRate() / 1000) + " kHz"
        : String.format(Locale.ROOT, "%.1f kHz", m.sampleRate() / 1000.0);
    return (secs != null ? clock(secs) + ", " : "") + rate + ", " + m.channels() + " ch";
  }
}
