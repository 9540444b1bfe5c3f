package io.themachine.audio.internal.cuda;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.themachine.audio.internal.cuda.ffm.CufftApi;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A batched 1-D cuFFT plan ({@code cufftPlanMany} / {@code cufftDestroy}), single precision,
 * real-to-complex or complex-to-real, with the batch's frames {@code idist} reals (or complexes) apart.
 */
public final class CufftPlan implements AutoCloseable {
  private static final int CLOSED = Integer.MIN_VALUE;
  private final CudaContext ctx;
  private final AtomicInteger plan = new AtomicInteger(CLOSED);
  private final int type;
  private final int n;
  private final int batch;

  private CufftPlan(CudaContext ctx, int handle, int type, int n, int batch) {
    this.ctx = ctx;
    this.plan.set(handle);
    this.type = type;
    this.n = n;
    this.batch = batch;
  }

  /** {@code batch} real transforms of size {@code n}; inputs {@code idist} floats apart, outputs {@code n/2+1} complexes apart. */
  public static CufftPlan r2c(CudaContext ctx, int n, int batch, int idist) {
    return many(ctx, n, batch, CufftApi.CUFFT_R2C, idist, n / 2 + 1);
  }

  /** The inverse: {@code n/2+1} complexes in, {@code odist} reals out per transform. */
  public static CufftPlan c2r(CudaContext ctx, int n, int batch, int odist) {
    return many(ctx, n, batch, CufftApi.CUFFT_C2R, n / 2 + 1, odist);
  }

  private static CufftPlan many(CudaContext ctx, int n, int batch, int type, int idist, int odist) {
    CufftApi api = ctx.runtime().requireCufft();
    ctx.makeCurrent();
    try (Arena a = Arena.ofConfined()) {
      MemorySegment out = a.allocate(JAVA_INT);
      MemorySegment dims = a.allocateFrom(JAVA_INT, n);
      // inembed/onembed non-NULL so that istride/idist/ostride/odist are honoured (advanced layout).
      MemorySegment inembed = a.allocateFrom(JAVA_INT, type == CufftApi.CUFFT_R2C ? idist : n / 2 + 1);
      MemorySegment onembed = a.allocateFrom(JAVA_INT, type == CufftApi.CUFFT_R2C ? n / 2 + 1 : odist);
      ctx.runtime().checkCufft(api.cufftPlanMany(out, 1, dims, inembed, 1, idist, onembed, 1, odist, type, batch),
          "cufftPlanMany");
      return new CufftPlan(ctx, out.get(JAVA_INT, 0), type, n, batch);
    }
  }

  private int handle() {
    int p = plan.get();
    if (p == CLOSED) throw new IllegalStateException("CufftPlan used after close");
    return p;
  }

  public void setStream(CudaStream stream) {
    int p = handle();
    ctx.makeCurrent();
    ctx.runtime().checkCufft(ctx.runtime().requireCufft().cufftSetStream(p, stream.handle()), "cufftSetStream");
  }

  /** Real-to-complex on the plan's stream; device addresses. */
  public void execR2C(long in, long out) {
    if (type != CufftApi.CUFFT_R2C) throw new IllegalStateException("not an R2C plan");
    int p = handle();
    ctx.makeCurrent();
    ctx.runtime().checkCufft(ctx.runtime().requireCufft().cufftExecR2C(p, in, out), "cufftExecR2C");
  }

  public void execC2R(long in, long out) {
    if (type != CufftApi.CUFFT_C2R) throw new IllegalStateException("not a C2R plan");
    int p = handle();
    ctx.makeCurrent();
    ctx.runtime().checkCufft(ctx.runtime().requireCufft().cufftExecC2R(p, in, out), "cufftExecC2R");
  }

  public int size() {
    return n;
  }

  public int batch() {
    return batch;
  }

  @Override
  public void close() {
    int p = plan.getAndSet(CLOSED);
    if (p != CLOSED) {
      ctx.makeCurrent();
      ctx.runtime().checkCufft(ctx.runtime().requireCufft().cufftDestroy(p), "cufftDestroy");
    }
  }

  @Override
  public String toString() {
    return "CufftPlan[" + (type == CufftApi.CUFFT_R2C ? "R2C" : "C2R") + " " + n + " x " + batch
        + (plan.get() == CLOSED ? ", closed" : "") + "]";
  }
}
