package io.themachine.audio;

import io.themachine.audio.dsp.LoudnessKernel;
import io.themachine.audio.dsp.ScalarLoudness;
import io.themachine.audio.separation.SeparationKernel;
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

  /**
   * This backend's loudness kernel (BS.1770-4 / EBU R128). The vector kernel is loaded by class
   * name after the probe, so a JVM without the incubator module never touches it.
   *
   * @throws UnsupportedOperationException with the probe's reason when this backend is unavailable
   */
  public LoudnessKernel loudness() {
    Availability a = availability();
    if (!a.available()) throw new UnsupportedOperationException(name() + " loudness kernel unavailable: " + a.reason());
    return switch (this) {
      case SCALAR -> new ScalarLoudness();
      case VECTOR -> KernelLoader.load("io.themachine.audio.internal.cpu.VectorLoudness", LoudnessKernel.class);
      case CUDA -> KernelLoader.load("io.themachine.audio.internal.cuda.CudaLoudnessKernel", LoudnessKernel.class);
    };
  }

  /**
   * This backend's separation primitives. Every backend's implementation lives in an internal
   * package and is loaded by class name after the probe.
   *
   * @throws UnsupportedOperationException with the probe's reason when this backend is unavailable
   */
  public SeparationKernel separation() {
    Availability a = availability();
    if (!a.available()) throw new UnsupportedOperationException(name() + " separation kernel unavailable: " + a.reason());
    return switch (this) {
      case SCALAR -> KernelLoader.load("io.themachine.audio.internal.cpu.ScalarSeparation", SeparationKernel.class);
      case VECTOR -> KernelLoader.load("io.themachine.audio.internal.cpu.VectorSeparation", SeparationKernel.class);
      case CUDA -> KernelLoader.load("io.themachine.audio.internal.cuda.CudaSeparation", SeparationKernel.class);
    };
  }

  /** The fastest available backend for loudness: VECTOR when its probe succeeds, else SCALAR. */
  public static Backend bestForLoudness() {
    return VECTOR.availability().available() ? VECTOR : SCALAR;
  }

  private static final class KernelLoader {
    static <T> T load(String className, Class<T> type) {
      try {
        return type.cast(Class.forName(className).getDeclaredConstructor().newInstance());
      } catch (ReflectiveOperationException | LinkageError e) {
        throw new UnsupportedOperationException("cannot load " + className + ": " + e, e);
      }
    }
  }

  /** Probes the Vector API once, by module name, without touching its classes. */
  private static final class VectorSupport {
    private static final Availability STATE = probe();

    static Availability availability() {
      return STATE;
    }

    private static Availability probe() {
      try {
        // the one Vector API switch for every kernel (-Dthemachine.vector=off is the FFT's former spelling)
        if (Boolean.getBoolean("themachine.vector.off") || "off".equals(System.getProperty("themachine.vector"))) {
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
