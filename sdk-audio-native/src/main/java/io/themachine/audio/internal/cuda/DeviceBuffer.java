package io.themachine.audio.internal.cuda;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/** Device memory ({@code cuMemAlloc_v2} / {@code cuMemFree_v2}); copies check bounds on the Java side. */
public final class DeviceBuffer implements AutoCloseable {
  private final CudaContext ctx;
  private final long bytes;
  private final AtomicLong ptr = new AtomicLong();

  private DeviceBuffer(CudaContext ctx, long ptr, long bytes) {
    this.ctx = ctx;
    this.bytes = bytes;
    this.ptr.set(ptr);
  }

  public static DeviceBuffer allocate(CudaContext ctx, long bytes) {
    if (bytes <= 0) throw new IllegalArgumentException("DeviceBuffer size must be positive: " + bytes);
    ctx.makeCurrent();
    try (Arena a = Arena.ofConfined()) {
      MemorySegment out = a.allocate(JAVA_LONG);
      ctx.runtime().check(ctx.runtime().driver().cuMemAlloc(out, bytes), "cuMemAlloc");
      return new DeviceBuffer(ctx, out.get(JAVA_LONG, 0), bytes);
    }
  }

  /** The {@code CUdeviceptr}. */
  public long address() {
    long p = ptr.get();
    if (p == 0) throw new IllegalStateException("DeviceBuffer used after close");
    return p;
  }

  public long bytes() {
    return bytes;
  }

  private void range(long offset, long n) {
    if (offset < 0 || n < 0 || offset + n > bytes) {
      throw new IndexOutOfBoundsException("device range " + offset + "+" + n + " outside " + bytes + " bytes");
    }
  }

  /** Synchronous host-to-device copy of all of {@code src} to {@code offset}. */
  public void copyFrom(MemorySegment src, long offset) {
    range(offset, src.byteSize());
    long p = address();
    ctx.makeCurrent();
    ctx.runtime().check(ctx.runtime().driver().cuMemcpyHtoD(p + offset, src, src.byteSize()), "cuMemcpyHtoD");
  }

  /** Synchronous device-to-host copy of {@code dst.byteSize()} bytes from {@code offset}. */
  public void copyTo(long offset, MemorySegment dst) {
    range(offset, dst.byteSize());
    long p = address();
    ctx.makeCurrent();
    ctx.runtime().check(ctx.runtime().driver().cuMemcpyDtoH(dst, p + offset, dst.byteSize()), "cuMemcpyDtoH");
  }

  /** Asynchronous copy from pinned memory (the only host memory that overlaps with compute). */
  public void copyFromAsync(PinnedBuffer src, long srcOffset, long offset, long n, CudaStream stream) {
    range(offset, n);
    MemorySegment s = src.segment().asSlice(srcOffset, n);
    long p = address();
    ctx.makeCurrent();
    ctx.runtime().check(ctx.runtime().driver().cuMemcpyHtoDAsync(p + offset, s, n, stream.handle()), "cuMemcpyHtoDAsync");
  }

  public void copyToAsync(long offset, PinnedBuffer dst, long dstOffset, long n, CudaStream stream) {
    range(offset, n);
    MemorySegment d = dst.segment().asSlice(dstOffset, n);
    long p = address();
    ctx.makeCurrent();
    ctx.runtime().check(ctx.runtime().driver().cuMemcpyDtoHAsync(d, p + offset, n, stream.handle()), "cuMemcpyDtoHAsync");
  }

  /** Device-to-device copy of {@code n} bytes. */
  public void copyTo(long offset, DeviceBuffer dst, long dstOffset, long n) {
    range(offset, n);
    dst.range(dstOffset, n);
    long p = address(), q = dst.address();
    ctx.makeCurrent();
    ctx.runtime().check(ctx.runtime().driver().cuMemcpyDtoD(q + dstOffset, p + offset, n), "cuMemcpyDtoD");
  }

  /** Zeroes the buffer ({@code cuMemsetD8_v2}). */
  public void clear() {
    long p = address();
    ctx.makeCurrent();
    ctx.runtime().check(ctx.runtime().driver().cuMemsetD8(p, (byte) 0, bytes), "cuMemsetD8");
  }

  @Override
  public void close() {
    long p = ptr.getAndSet(0);
    if (p != 0) {
      ctx.makeCurrent();
      ctx.runtime().check(ctx.runtime().driver().cuMemFree(p), "cuMemFree");
    }
  }

  @Override
  public String toString() {
    return "DeviceBuffer[" + bytes + " bytes" + (ptr.get() == 0 ? ", closed" : "") + "]";
  }
}
