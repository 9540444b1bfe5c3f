package io.themachine.audio.internal.torch;

import static org.bytedeco.pytorch.global.torch.globalContext;
import static org.bytedeco.pytorch.global.torch.initLogging;
import static org.bytedeco.pytorch.global.torch.set_num_interop_threads;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import org.bytedeco.javacpp.Loader;

/**
 * Loads libtorch once and quiets it. libtorch logs through c10 to the process's stderr (NNPACK's
 * "Could not initialize NNPACK! Reason: Unsupported hardware." on CPUs it does not know; ATen's
 * {@code TORCH_WARN}s, e.g. a resized output, on every forward call), which no Java logger can
 * catch. So {@code TORCH_CPP_LOG_LEVEL=ERROR} is put into the process environment through libc's
 * {@code setenv} (an existing value, the user's choice, wins), {@code c10::initLogging()} reads it
 * once libtorch is loaded, and NNPACK is switched off
 * ({@code at::globalContext().setUserEnabledNNPACK(false)}), so its probe never runs.
 * {@code -Dthemachine.torch.log=on} keeps libtorch's own logging. Called reflectively by
 * {@link TorchAvailability} after the class-name probe.
 */
public final class TorchNatives {
  private TorchNatives() {}

  private static final String VERSION = init();

  private static String init() {
    boolean quiet = !"on".equalsIgnoreCase(System.getProperty("themachine.torch.log", ""));
    if (quiet) setenv("TORCH_CPP_LOG_LEVEL", "ERROR");
    // OpenBLAS starts one busy-waiting thread per core by default, on top of libtorch's intra-op
    // pool: on a loaded 2-core box that made the runner 3-5x slower than Python torch at equal
    // threads. Start it with one; blasThreads() follows the runner's thread setting.
    setenv("OPENBLAS_NUM_THREADS", "1");
    Loader.load(org.bytedeco.pytorch.global.torch.class);
    if (quiet) {
      // A C++ program must call c10::initLogging() for TORCH_CPP_LOG_LEVEL to count (Python's
      // torch._C does it at import); without it every TORCH_WARN reaches stderr, once per call.
      initLogging();
      globalContext().setUserEnabledNNPACK(false);
    }
    try {
      // One inter-op thread: the runner calls one graph at a time; intra-op threads do the work.
      set_num_interop_threads(1);
    } catch (RuntimeException alreadyStarted) {
      // libtorch refuses once its inter-op pool has started; keep what it has.
    }
    return TorchAvailability.jarVersion(TorchNatives.class.getClassLoader());
  }

  /** Loads the libraries (once) and returns the bytedeco PyTorch version. */
  public static String load() {
    return VERSION;
  }

  private static final MethodHandle BLAS_THREADS = blasHandle();

  private static MethodHandle blasHandle() {
    try {
      // Already loaded with libtorch; dlopen by soname finds that copy.
      var lib = java.lang.foreign.SymbolLookup.libraryLookup("libopenblas.so.0", Arena.global());
      var f = lib.find("openblas_set_num_threads");
      if (f.isEmpty()) return null;
      return Linker.nativeLinker().downcallHandle(f.get(), FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
    } catch (Throwable t) {
      return null;
    }
  }

  /** {@code openblas_set_num_threads(n)} when OpenBLAS exports it; false when it could not be set. */
  static boolean blasThreads(int n) {
    if (BLAS_THREADS == null || n < 1) return false;
    try {
      BLAS_THREADS.invokeExact(n);
      return true;
    } catch (Throwable t) {
      return false;
    }
  }

  private static void setenv(String name, String value) {
    try (Arena arena = Arena.ofConfined()) {
      Linker linker = Linker.nativeLinker();
      MethodHandle setenv = linker.downcallHandle(linker.defaultLookup().find("setenv").orElseThrow(),
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
      MemorySegment n = arena.allocateFrom(name);
      MemorySegment v = arena.allocateFrom(value);
      int ignored = (int) setenv.invokeExact(n, v, 0); // 0: an existing value (the user's choice) wins
    } catch (Throwable t) {
      // Not fatal: libtorch then logs as it likes.
    }
  }
}
