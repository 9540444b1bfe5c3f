package io.themachine.audio.internal.cuda;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.themachine.audio.internal.cuda.ffm.CudaDriverApi;
import io.themachine.audio.internal.cuda.ffm.CufftApi;
import io.themachine.audio.internal.cuda.ffm.NativeLibraries;
import io.themachine.audio.internal.cuda.ffm.NativeLibraries.Environment;
import io.themachine.audio.internal.cuda.ffm.NativeLibraries.Lib;
import io.themachine.audio.internal.cuda.ffm.NvrtcApi;
import io.themachine.spi.Availability;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether CUDA can run here: driver ({@code libcuda.so.1}), a device, and NVRTC; cuFFT is reported
 * beside them (the log-mel kernels need it, loudness does not). Probed once in a holder class,
 * catching everything, so that loading this class never throws and a missing piece is an
 * {@link Availability} whose reason names the fix. {@code -Dthemachine.cuda=off} is honoured before
 * any of this loads (see {@code Backend.CUDA}); it is checked here too for direct callers.
 *
 * <p>The libraries stay loaded for the JVM's life (global arena): the driver cannot be unloaded
 * safely while a context may exist.
 */
public final class Cuda {
  private Cuda() {}

  /** The probe's outcome: the verdict, and the runtime when available. */
  record Probe(Availability availability, CudaRuntime runtime) {}

  private static final class Holder {
    static final Probe STATE = probe(System.getProperty("themachine.cuda", ""), Environment.current());
  }

  /** The verdict, computed on first call. Never throws. */
  public static Availability availability() {
    return Holder.STATE.availability();
  }

  /** Whether cuFFT (needed by the log-mel kernels) is loaded, with the fix when it is not. */
  public static Availability cufftAvailability() {
    Probe p = Holder.STATE;
    if (!p.availability().available()) return p.availability();
    return p.runtime().cufft() != null ? Availability.ok("cuFFT loaded") : Availability.unavailable(p.runtime().cufftMissing());
  }

  /** The runtime; throws {@link IllegalStateException} with the reason when CUDA is unavailable. */
  public static CudaRuntime runtime() {
    Probe p = Holder.STATE;
    if (!p.availability().available()) throw new IllegalStateException("CUDA unavailable: " + p.availability().reason());
    return p.runtime();
  }

  /** The probe itself, for a switch value and an environment; package-private for tests. */
  static Probe probe(String switchValue, Environment env) {
    try {
      if ("off".equalsIgnoreCase(switchValue) || "false".equalsIgnoreCase(switchValue)) {
        return new Probe(Availability.unavailable("switched off with -Dthemachine.cuda=off"), null);
      }
      SymbolLookup cudaLib = open(Lib.CUDA, env, true).orElse(null);
      if (cudaLib == null) {
        boolean present = NativeLibraries.locate(Lib.CUDA, env).isPresent();
        return no("no CUDA driver: libcuda.so.1 " + (present ? "found but failed to load (a broken or foreign-architecture file?)" : "not found")
            + " (install the NVIDIA driver, or pass -Dthemachine.cuda.lib.cuda=/path/to/libcuda.so.1)");
      }
      CudaDriverApi drv;
      try {
        drv = new CudaDriverApi(cudaLib);
      } catch (UnsatisfiedLinkError e) {
        return no("the CUDA driver is too old: " + e.getMessage() + " (install an NVIDIA driver for CUDA 12 or newer)");
      }
      int deviceCount, version, major, minor, sms;
      String name;
      try (Arena a = Arena.ofConfined()) {
        MemorySegment out = a.allocate(JAVA_INT);
        int r = drv.cuInit(0);
        if (r != CudaDriverApi.CUDA_SUCCESS) {
          return no("cuInit failed: " + drv.errorName(r) + " (" + drv.errorString(r) + "); check that the NVIDIA"
              + " driver is loaded and a device is visible (nvidia-smi, CUDA_VISIBLE_DEVICES)");
        }
        r = drv.cuDriverGetVersion(out);
        version = r == 0 ? out.get(JAVA_INT, 0) : 0;
        r = drv.cuDeviceGetCount(out);
        deviceCount = r == 0 ? out.get(JAVA_INT, 0) : 0;
        if (deviceCount < 1) {
          return no("no CUDA device visible (cuDeviceGetCount: " + deviceCount + "); check nvidia-smi and CUDA_VISIBLE_DEVICES");
        }
        int dev = 0;
        r = drv.cuDeviceGet(out, 0);
        if (r != 0) return no("cuDeviceGet failed: " + drv.errorName(r));
        dev = out.get(JAVA_INT, 0);
        MemorySegment nameBuf = a.allocate(256);
        r = drv.cuDeviceGetName(nameBuf, 256, dev);
        name = r == 0 ? nameBuf.getString(0) : "CUDA device " + dev;
        drv.cuDeviceGetAttribute(out, CudaDriverApi.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev);
        major = out.get(JAVA_INT, 0);
        drv.cuDeviceGetAttribute(out, CudaDriverApi.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev);
        minor = out.get(JAVA_INT, 0);
        drv.cuDeviceGetAttribute(out, CudaDriverApi.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, dev);
        sms = out.get(JAVA_INT, 0);
      }
      // NVRTC: the first candidate whose major version the driver supports (a CUBIN from a newer
      // compiler than the driver may not load); else the first that loads, and cuModuleLoadData says why.
      NvrtcApi nvrtc = null;
      String nvrtcVersion = "unknown";
      int driverMajor = version / 1000;
      for (Path p : NativeLibraries.candidates(Lib.NVRTC, env)) {
        if (!java.nio.file.Files.isRegularFile(p)) continue;
        try {
          preloadBuiltins(p.getParent());
          NvrtcApi api = new NvrtcApi(SymbolLookup.libraryLookup(p, Arena.global()));
          String v;
          int nvMajor;
          try (Arena a = Arena.ofConfined()) {
            MemorySegment ma = a.allocate(JAVA_INT), mi = a.allocate(JAVA_INT);
            boolean ok = api.nvrtcVersion(ma, mi) == 0;
            nvMajor = ok ? ma.get(JAVA_INT, 0) : 0;
            v = ok ? nvMajor + "." + mi.get(JAVA_INT, 0) : "unknown";
          }
          if (nvrtc == null) {
            nvrtc = api;
            nvrtcVersion = v;
          }
          if (version == 0 || nvMajor <= driverMajor) {
            nvrtc = api;
            nvrtcVersion = v;
            break;
          }
        } catch (Throwable ignored) {
          // not loadable: next candidate
        }
      }
      if (nvrtc == null) {
        return no("NVRTC not found: install the CUDA toolkit (libnvrtc.so in /usr/local/cuda/lib64), or pip install"
            + " nvidia-cuda-nvrtc-cu12, or pass -Dthemachine.cuda.lib.nvrtc=/path/to/libnvrtc.so.12"
            + " (device " + name + " found)");
      }
      CufftApi cufft = null;
      String cufftMissing = null;
      try {
        SymbolLookup cufftLib = open(Lib.CUFFT, env, false).orElse(null);
        if (cufftLib != null) cufft = new CufftApi(cufftLib);
        else cufftMissing = "cuFFT not found: install the CUDA toolkit (libcufft.so), or pip install nvidia-cufft-cu12,"
            + " or pass -Dthemachine.cuda.lib.cufft=/path/to/libcufft.so.11";
      } catch (Throwable t) {
        cufftMissing = "cuFFT failed to load: " + describe(t);
      }
      CudaRuntime rt = new CudaRuntime(drv, nvrtc, cufft, cufftMissing, 0, name, major, minor, version, sms, nvrtcVersion);
      return new Probe(Availability.ok(rt.toString()), rt);
    } catch (Throwable t) {
      return no("CUDA probe failed: " + describe(t));
    }
  }

  private static Probe no(String reason) {
    return new Probe(Availability.unavailable(reason), null);
  }

  /** Opens the first candidate that loads; for the driver, finally the bare soname through dlopen. */
  private static Optional<SymbolLookup> open(Lib lib, Environment env, boolean trySoname) {
    for (Path p : NativeLibraries.candidates(lib, env)) {
      if (!java.nio.file.Files.isRegularFile(p)) continue;
      try {
        return Optional.of(SymbolLookup.libraryLookup(p, Arena.global()));
      } catch (Throwable ignored) {
        // a broken or foreign-architecture file: try the next one
      }
    }
    if (trySoname && env.properties().get("themachine.cuda.lib." + lib.key()) == null) {
      for (String n : lib.fileNames()) {
        try {
          return Optional.of(SymbolLookup.libraryLookup(n, Arena.global()));
        } catch (Throwable ignored) {
          // not known to the dynamic loader
        }
      }
    }
    return Optional.empty();
  }

  /**
   * NVRTC dlopens {@code libnvrtc-builtins.so.X.Y} by name when it compiles; a pip wheel's folder is
   * not on the loader's path, so load it from beside libnvrtc first (the loader then finds it by
   * soname among the loaded objects). Failures are ignored: the compile reports them.
   */
  private static void preloadBuiltins(Path dir) {
    if (dir == null) return;
    try (var s = java.nio.file.Files.newDirectoryStream(dir, "libnvrtc-builtins.so*")) {
      for (Path b : s) {
        try {
          SymbolLookup.libraryLookup(b, Arena.global());
          return;
        } catch (Throwable ignored) {
          // try the next name
        }
      }
    } catch (Throwable ignored) {
      // no folder listing: nothing to preload
    }
  }

  // The class and first line only: loader messages can name library paths.
  static String describe(Throwable t) {
    String m = String.valueOf(t.getMessage());
    int nl = m.indexOf('\n');
    return t.getClass().getSimpleName() + ": " + (nl >= 0 ? m.substring(0, nl) : m);
  }
}
