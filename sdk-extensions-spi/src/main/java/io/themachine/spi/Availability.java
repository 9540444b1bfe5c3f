package io.themachine.spi;

import java.util.Objects;

/**
 * Whether an optional part (an extension, a backend, a native library) can run here, and if not,
 * why, in words that name the fix ("FFmpeg jars not on the path", "no CUDA driver: libcuda.so.1 not
 * found"). Probing code returns one of these and never throws.
 *
 * @param available true when the part can run
 * @param reason    why not, or a short description of what was found when it can
 */
public record Availability(boolean available, String reason) {
  public Availability {
    Objects.requireNonNull(reason, "reason");
  }

  public static Availability ok() {
    return new Availability(true, "available");
  }

  public static Availability ok(String detail) {
    return new Availability(true, detail);
  }

  public static Availability unavailable(String reason) {
    return new Availability(false, reason);
  }

  @Override
  public String toString() {
    return available ? "available (" + reason + ")" : "unavailable: " + reason;
  }
}
