package io.themachine.audio.internal.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The device's primary context, retained for as long as this owner is open
 * ({@code cuDevicePrimaryCtxRetain} / {@code cuDevicePrimaryCtxRelease_v2}): the context the CUDA
 * runtime, cuFFT and PyTorch share, so buffers and streams interoperate. Contexts are current per
 * thread, so every operation of the owners here first calls {@link #makeCurrent()}.
 */
public final class CudaContext implements AutoCloseable {
  private final CudaRuntime rt;
  private final AtomicReference<MemorySegment> ctx = new AtomicReference<>();

  private CudaContext(CudaRuntime rt, MemorySegment ctx) {
    this.rt = rt;
    this.ctx.set(ctx);
  }

  /** Retains device 0's primary context and makes it current on this thread. */
  public static CudaContext open() {
    return open(Cuda.runtime());
  }

  static CudaContext open(CudaRuntime rt) {
    MemorySegment handle;
    try (Arena a = Arena.ofConfined()) {
      MemorySegment out = a.allocate(ADDRESS);
      rt.check(rt.driver().cuDevicePrimaryCtxRetain(out, rt.deviceOrdinal()), "cuDevicePrimaryCtxRetain");
      handle = out.get(ADDRESS, 0);
    }
    CudaContext c = new CudaContext(rt, handle);
    c.makeCurrent();
    return c;
  }

  public CudaRuntime runtime() {
    return rt;
  }

  /** Binds the context to the calling thread ({@code cuCtxSetCurrent}). */
  public void makeCurrent() {
    rt.check(rt.driver().cuCtxSetCurrent(handle()), "cuCtxSetCurrent");
  }

  /** Waits for all work in the context ({@code cuCtxSynchronize}). */
  public void synchronize() {
    makeCurrent();
    rt.check(rt.driver().cuCtxSynchronize(), "cuCtxSynchronize");
  }

  MemorySegment handle() {
    MemorySegment h = ctx.get();
    if (h == null) throw new IllegalStateException("CudaContext used after close");
    return h;
  }

  public boolean isOpen() {
    return ctx.get() != null;
  }

  @Override
  public void close() {
    if (ctx.getAndSet(null) != null) {
      rt.check(rt.driver().cuDevicePrimaryCtxRelease(rt.deviceOrdinal()), "cuDevicePrimaryCtxRelease");
    }
  }

  @Override
  public String toString() {
    return "CudaContext[" + rt.deviceName() + ", " + rt.arch() + (isOpen() ? "" : ", closed") + "]";
  }
}
