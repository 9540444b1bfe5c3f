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
  /** CUDA through Panama ({@code java.lang.foreign}): driver API, NVRTC and cuFFT located at run time. */
  CUDA;

  public Availability availability() {
    return switch (this) {
      case SCALAR -> Availability.ok("plain Java");
      case VECTOR -> VectorSupport.availability();
      case CUDA -> CudaSupport.availability();
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

  /**
   * Probes CUDA once. {@code -Dthemachine.cuda=off} is read here, so when it is off no CUDA class
   * loads; otherwise the probe class is found by name (Lucene-style), and it catches everything.
   */
  private static final class CudaSupport {
    private static final Availability STATE = probe();

    static Availability availability() {
      return STATE;
    }

    private static Availability probe() {
      try {
        String sw = System.getProperty("themachine.cuda", "");
        if ("off".equalsIgnoreCase(sw) || "false".equalsIgnoreCase(sw)) {
          return Availability.unavailable("switched off with -Dthemachine.cuda=off");
        }
        Class<?> c = Class.forName("io.themachine.audio.internal.cuda.Cuda", true, Backend.class.getClassLoader());
        return (Availability) c.getMethod("availability").invoke(null);
      } catch (Throwable t) {
        return Availability.unavailable("CUDA probe failed: " + t.getClass().getSimpleName());
      }
    }
  }
}
