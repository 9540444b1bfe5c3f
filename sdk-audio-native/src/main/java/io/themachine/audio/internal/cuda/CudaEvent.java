package io.themachine.audio.internal.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import io.themachine.audio.internal.cuda.ffm.CudaDriverApi;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReference;

/** A timing event ({@code cuEventCreate} / {@code cuEventDestroy_v2}). */
public final class CudaEvent implements AutoCloseable {
  private final CudaContext ctx;
  private final AtomicReference<MemorySegment> event = new AtomicReference<>();

  private CudaEvent(CudaContext ctx, MemorySegment e) {
    this.ctx = ctx;
    this.event.set(e);
  }

  public static CudaEvent create(CudaContext ctx) {
    ctx.makeCurrent();
    CudaRuntime rt = ctx.runtime();
    try (Arena a = Arena.ofConfined()) {
      MemorySegment out = a.allocate(ADDRESS);
      rt.check(rt.driver().cuEventCreate(out, CudaDriverApi.CU_EVENT_DEFAULT), "cuEventCreate");
      return new CudaEvent(ctx, out.get(ADDRESS, 0));
    }
  }

  MemorySegment handle() {
    MemorySegment e = event.get();
    if (e == null) throw new IllegalStateException("CudaEvent used after close");
    return e;
  }

  public void record(CudaStream stream) {
    MemorySegment e = handle();
    ctx.makeCurrent();
    ctx.runtime().check(ctx.runtime().driver().cuEventRecord(e, stream.handle()), "cuEventRecord");
  }

  public void synchronize() {
    MemorySegment e = handle();
    ctx.makeCurrent();
    ctx.runtime().check(ctx.runtime().driver().cuEventSynchronize(e), "cuEventSynchronize");
  }

  /** Milliseconds between {@code start} and this event, both recorded and completed. */
  public float elapsedSince(CudaEvent start) {
    MemorySegment e = handle(), s = start.handle();
    ctx.makeCurrent();
    try (Arena a = Arena.ofConfined()) {
      MemorySegment ms = a.allocate(JAVA_FLOAT);
      ctx.runtime().check(ctx.runtime().driver().cuEventElapsedTime(ms, s, e), "cuEventElapsedTime");
      return ms.get(JAVA_FLOAT, 0);
    }
  }

  @Override
  public void close() {
    MemorySegment e = event.getAndSet(null);
    if (e != null) {
      ctx.makeCurrent();
      ctx.runtime().check(ctx.runtime().driver().cuEventDestroy(e), "cuEventDestroy");
    }
  }
}
