package io.themachine.audio;

import io.themachine.spi.Availability;

/**
 * The kernel implementations the SDK has. The scalar one is the reference every other backend is
 * tested against. {@link #availability()} never throws.
 */
public enum Backend {
  /** Plain Java, double precision where it matters: the reference. */
  SCALAR,
  /** The Vector API ({@code jdk.incubator.vector}); needs {@code --add-modules jdk.incubator.vector}. */
  VECTOR,
  /** CUDA through Panama (issue D; not built yet). */
  CUDA;

  public Availability availability() {
    return switch (this) {
      case SCALAR -> Availability.ok("plain Java");
      case VECTOR -> VectorSupport.availability();
      case CUDA -> Availability.unavailable("the CUDA backend is not built yet");
    };
  }

  /** Probes the Vector API once, by module name, without touching its classes. */
  private static final class VectorSupport {
    private static final Availability STATE = probe();

    static Availability availability() {
      return STATE;
    }

    private static Availability probe() {
      try {
        if (Boolean.getBoolean("themachine.vector.off")) {
          return Availability.unavailable("switched off with -Dthemachine.vector.off=true");
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
          return Availability.unavailable("jdk.incubator.vector is not resolved: start the JVM with --add-modules jdk.incubator.vector");
        }
        return Availability.ok("jdk.incubator.vector");
      } catch (Throwable t) {
        return Availability.unavailable("Vector API probe failed: " + t);
      }
    }
  }
}
