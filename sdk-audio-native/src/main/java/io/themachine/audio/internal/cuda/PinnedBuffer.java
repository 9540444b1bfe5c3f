package io.themachine.audio.internal.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Page-locked host memory ({@code cuMemAllocHost_v2} / {@code cuMemFreeHost}), readable and
 * writable from Java as a {@link MemorySegment}. The segment is not tied to an arena: after
 * {@link #close()} {@link #segment()} throws, but a slice kept from before would dangle, so callers
 * take slices for the duration of one operation only.
 */
public final class PinnedBuffer implements AutoCloseable {
  private final CudaContext ctx;
  private final long bytes;
  private final AtomicReference<MemorySegment> mem = new AtomicReference<>();

  private PinnedBuffer(CudaContext ctx, MemorySegment mem, long bytes) {
    this.ctx = ctx;
    this.bytes = bytes;
    this.mem.set(mem);
  }

  public static PinnedBuffer allocate(CudaContext ctx, long bytes) {
    if (bytes <= 0) throw new IllegalArgumentException("PinnedBuffer size must be positive: " + bytes);
    ctx.makeCurrent();
    try (Arena a = Arena.ofConfined()) {
      MemorySegment out = a.allocate(ADDRESS);
      ctx.runtime().check(ctx.runtime().driver().cuMemAllocHost(out, bytes), "cuMemAllocHost");
      return new PinnedBuffer(ctx, out.get(ADDRESS, 0).reinterpret(bytes), bytes);
    }
  }

  public MemorySegment segment() {
    MemorySegment m = mem.get();
    if (m == null) throw new IllegalStateException("PinnedBuffer used after close");
    return m;
  }

  public long bytes() {
    return bytes;
  }

  @Override
  public void close() {
    MemorySegment m = mem.getAndSet(null);
    if (m != null) {
      ctx.makeCurrent();
      ctx.runtime().check(ctx.runtime().driver().cuMemFreeHost(m), "cuMemFreeHost");
    }
  }

  @Override
  public String toString() {
    return "PinnedBuffer[" + bytes + " bytes" + (mem.get() == null ? ", closed" : "") + "]";
  }
}
