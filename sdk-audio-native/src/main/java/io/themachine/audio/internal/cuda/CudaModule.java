package io.themachine.audio.internal.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A loaded module ({@code cuModuleLoadData} / {@code cuModuleUnload}) and its kernels
 * ({@code cuModuleGetFunction}), launched with {@code cuLaunchKernel}. Arguments are boxed once per
 * launch into a confined arena: {@link Long} (a {@code CUdeviceptr}, {@code long long} or
 * {@code size_t}), {@link Integer}, {@link Double}, {@link Float}, or a {@link DeviceBuffer} (its
 * address).
 */
public final class CudaModule implements AutoCloseable {
  private final CudaContext ctx;
  private final AtomicReference<MemorySegment> module = new AtomicReference<>();
  private final Map<String, MemorySegment> functions = new ConcurrentHashMap<>();

  private CudaModule(CudaContext ctx, MemorySegment m) {
    this.ctx = ctx;
    this.module.set(m);
  }

  /** Loads a CUBIN or NUL-terminated PTX image. */
  public static CudaModule load(CudaContext ctx, byte[] image) {
    ctx.makeCurrent();
    try (Arena a = Arena.ofConfined()) {
      MemorySegment img = a.allocate(image.length + 1L, 16); // zeroed: the trailing NUL ends PTX text
      MemorySegment.copy(image, 0, img, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, image.length);
      MemorySegment out = a.allocate(ADDRESS);
      ctx.runtime().check(ctx.runtime().driver().cuModuleLoadData(out, img), "cuModuleLoadData");
      return new CudaModule(ctx, out.get(ADDRESS, 0));
    }
  }

  private MemorySegment handle() {
    MemorySegment m = module.get();
    if (m == null) throw new IllegalStateException("CudaModule used after close");
    return m;
  }

  private MemorySegment function(String name) {
    MemorySegment m = handle();
    return functions.computeIfAbsent(name, n -> {
      try (Arena a = Arena.ofConfined()) {
        MemorySegment out = a.allocate(ADDRESS);
        ctx.makeCurrent();
        ctx.runtime().check(ctx.runtime().driver().cuModuleGetFunction(out, m, a.allocateFrom(n)), "cuModuleGetFunction");
        return out.get(ADDRESS, 0);
      }
    });
  }

  /** Launches {@code kernel} on {@code stream} with a 1-D grid and block; returns at once. */
  public void launch(String kernel, int grid, int block, int sharedBytes, CudaStream stream, Object... args) {
    launch(kernel, grid, 1, block, sharedBytes, stream, args);
  }

  /** Launches with a 2-D grid {@code (gridX, gridY)}. */
  public void launch(String kernel, int gridX, int gridY, int block, int sharedBytes, CudaStream stream, Object... args) {
    if (gridX <= 0 || gridY <= 0 || block <= 0) throw new IllegalArgumentException("empty launch of " + kernel);
    MemorySegment f = function(kernel);
    try (Arena a = Arena.ofConfined()) {
      MemorySegment params = a.allocate(ADDRESS, args.length);
      for (int i = 0; i < args.length; i++) {
        MemorySegment v = switch (args[i]) {
          case DeviceBuffer d -> a.allocateFrom(JAVA_LONG, d.address());
          case Long l -> a.allocateFrom(JAVA_LONG, l);
          case Integer n -> a.allocateFrom(JAVA_INT, n);
          case Double d -> a.allocateFrom(JAVA_DOUBLE, d);
          case Float d -> a.allocateFrom(JAVA_FLOAT, d);
          default -> throw new IllegalArgumentException(kernel + " argument " + i + ": unsupported type");
        };
        params.setAtIndex(ADDRESS, i, v);
      }
      ctx.makeCurrent();
      ctx.runtime().check(ctx.runtime().driver().cuLaunchKernel(f, gridX, gridY, 1, block, 1, 1, sharedBytes,
          stream.handle(), params, MemorySegment.NULL), "cuLaunchKernel(" + kernel + ")");
    }
  }

  @Override
  public void close() {
    MemorySegment m = module.getAndSet(null);
    if (m != null) {
      functions.clear();
      ctx.makeCurrent();
      ctx.runtime().check(ctx.runtime().driver().cuModuleUnload(m), "cuModuleUnload");
    }
  }
}
