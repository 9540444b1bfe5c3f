package io.themachine.audio.internal.ffmpeg;

import io.themachine.spi.Availability;
import io.themachine.spi.audio.MediaException;
import io.themachine.spi.audio.MediaException.Reason;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;

/**
 * Whether the bytedeco FFmpeg jars and their native libraries are usable here. Probed once, by class
 * name, so this class (and every provider that asks it first) loads without the jars. Never throws.
 * {@code -Dthemachine.ffmpeg=off} switches FFmpeg off on purpose.
 */
public final class FfmpegAvailability {
  private FfmpegAvailability() {}

  private static final class Holder {
    static final Availability STATE = probe(System.getProperty("themachine.ffmpeg", ""), FfmpegAvailability.class.getClassLoader());
    static final String VERSION = STATE.available() ? jarVersion() : "unknown";
  }

  /** The probe's verdict, computed on first call. */
  public static Availability availability() {
    return Holder.STATE;
  }

  /** True when FFmpeg can run. */
  public static boolean available() {
    return Holder.STATE.available();
  }

  /**
   * Loads the native libraries on first use (never from {@link #availability()}, which stays a
   * class-name probe) and throws {@link MediaException} (UNAVAILABLE) with the reason when FFmpeg
   * cannot run.
   */
  static void require(String subject) {
    if (!available()) throw new MediaException(Reason.UNAVAILABLE, Holder.STATE.reason() + ", " + subject);
    String failure = Natives.FAILURE;
    if (failure != null) throw new MediaException(Reason.UNAVAILABLE, failure + ", " + subject);
  }

  private static final class Natives {
    static final String FAILURE = load();

    private static String load() {
      try {
        Class<?> natives = Class.forName("io.themachine.audio.internal.ffmpeg.FfmpegNatives", true,
            FfmpegAvailability.class.getClassLoader());
        natives.getMethod("load").invoke(null);
        return null;
      } catch (java.lang.reflect.InvocationTargetException e) {
        return "FFmpeg native libraries failed to load: " + describe(e.getCause());
      } catch (Throwable t) {
        return "FFmpeg native libraries failed to load: " + describe(t);
      }
    }
  }

  /** {@code ffmpeg -> 8.0.1} and {@code bytedeco-ffmpeg -> 8.0.1-1.5.13}, read from the jar; empty when unavailable. */
  static Map<String, String> toolVersions() {
    if (!available()) return Map.of();
    String v = Holder.VERSION;
    int dash = v.indexOf('-');
    return Map.of("ffmpeg", dash > 0 ? v.substring(0, dash) : v, "bytedeco-ffmpeg", v);
  }

  /** The probe itself, for a given switch value and class loader; package-private for tests. */
  static Availability probe(String switchValue, ClassLoader loader) {
    try {
      if ("off".equalsIgnoreCase(switchValue)) {
        return Availability.unavailable("switched off with -Dthemachine.ffmpeg=off");
      }
      try {
        Class.forName("org.bytedeco.javacpp.Loader", false, loader);
        Class.forName("org.bytedeco.ffmpeg.global.avformat", false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        return Availability.unavailable(
            "FFmpeg jars not on the path: add org.bytedeco:ffmpeg and its linux-x86_64 classifier"
                + " (on the module path also --add-modules org.bytedeco.ffmpeg)");
      }
      return Availability.ok("FFmpeg " + jarVersion() + " (bytedeco; native libraries load on first use)");
    } catch (Throwable t) {
      return Availability.unavailable("FFmpeg probe failed: " + describe(t));
    }
  }

  private static String jarVersion() {
    try {
      Class<?> c = Class.forName("org.bytedeco.ffmpeg.global.avformat", false, FfmpegAvailability.class.getClassLoader());
      try (InputStream in = c.getResourceAsStream("/META-INF/maven/org.bytedeco/ffmpeg/pom.properties")) {
        if (in != null) {
          Properties p = new Properties();
          p.load(in);
          return p.getProperty("version", "unknown");
        }
      }
    } catch (Exception | LinkageError ignored) {
      // fall through
    }
    return "unknown";
  }

  // The class and first line only: a loader message may name a cache path, never a user file.
  private static String describe(Throwable t) {
    if (t == null) return "unknown";
    String m = String.valueOf(t.getMessage());
    int nl = m.indexOf('\n');
    return t.getClass().getSimpleName() + ": " + (nl >= 0 ? m.substring(0, nl) : m);
  }
}
