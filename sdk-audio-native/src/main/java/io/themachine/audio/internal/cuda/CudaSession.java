package io.themachine.audio.internal.cuda;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * The JVM's shared device session for the kernel front doors ({@code Backend.CUDA.loudness()},
 * the feature batch calls): device 0's primary context and one stream, opened on first use and
 * kept for the JVM's life (the driver releases a primary context at exit), used by one caller at a
 * time. Kernels are cached on disk under {@code -Dthemachine.cuda.cache=<folder>} (the library
 * passes its {@code cache/cuda/}); without it, in memory only.
 */
public final class CudaSession {
  private static CudaSession shared;

  private final CudaContext ctx;
  private final CudaStream stream;
  private final Path cacheDir;

  private CudaSession(CudaContext ctx, CudaStream stream, Path cacheDir) {
    this.ctx = ctx;
    this.stream = stream;
    this.cacheDir = cacheDir;
  }

  public CudaContext context() {
    return ctx;
  }

  public CudaStream stream() {
    return stream;
  }

  /** The kernel cache folder, or null. */
  public Path cacheDir() {
    return cacheDir;
  }

  /** Runs {@code work} with the shared session, one caller at a time, the context current on this thread. */
  public static synchronized <T> T with(Function<CudaSession, T> work) {
    if (shared == null) {
      CudaContext c = CudaContext.open();
      try {
        String dir = System.getProperty("themachine.cuda.cache");
        shared = new CudaSession(c, CudaStream.create(c), dir == null || dir.isBlank() ? null : Path.of(dir));
      } catch (RuntimeException e) {
        c.close();
        throw e;
      }
    }
    shared.ctx.makeCurrent();
    return work.apply(shared);
  }
}
