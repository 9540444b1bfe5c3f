package io.themachine.audio.internal.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReference;

/** A non-blocking stream ({@code cuStreamCreate(CU_STREAM_NON_BLOCKING)} / {@code cuStreamDestroy_v2}). */
public final class CudaStream implements AutoCloseable {
  private final CudaContext ctx;
  private final AtomicReference<MemorySegment> stream = new AtomicReference<>();

  private CudaStream(CudaContext ctx, MemorySegment s) {
    this.ctx = ctx;
    this.stream.set(s);
  }

  public static CudaStream create(CudaContext ctx) {
    ctx.makeCurrent();
    CudaRuntime rt = ctx.runtime();
    try (Arena a = Arena.ofConfined()) {
      MemorySegment out = a.allocate(ADDRESS);
      rt.check(rt.driver().cuStreamCreate(out, io.themachine.audio.internal.cuda.ffm.CudaDriverApi.CU_STREAM_NON_BLOCKING),
          "cuStreamCreate");
      return new CudaStream(ctx, out.get(ADDRESS, 0));
    }
  }

  /** The {@code CUstream} handle (also a {@code cudaStream_t} for cuFFT). */
  public MemorySegment handle() {
    MemorySegment s = stream.get();
    if (s == null) throw new IllegalStateException("CudaStream used after close");
    return s;
  }

  public void synchronize() {
    MemorySegment s = handle();
    ctx.makeCurrent();
    ctx.runtime().check(ctx.runtime().driver().cuStreamSynchronize(s), "cuStreamSynchronize");
  }

  @Override
  public void close() {
    MemorySegment s = stream.getAndSet(null);
    if (s != null) {
      ctx.makeCurrent();
      ctx.runtime().check(ctx.runtime().driver().cuStreamDestroy(s), "cuStreamDestroy");
    }
  }

  @Override
  public String toString() {
    return "CudaStream[" + (stream.get() == null ? "closed" : "open") + "]";
  }
}
