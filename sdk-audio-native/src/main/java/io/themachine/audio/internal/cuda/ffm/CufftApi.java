package io.themachine.audio.internal.cuda.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * cuFFT, bound by hand from {@code cufft.h} as documented: {@code cufftHandle} is an {@code int},
 * {@code cufftResult} and {@code cufftType} are {@code int} enums, data pointers are device
 * addresses ({@code cufftReal*}, {@code cufftComplex*}), {@code cudaStream_t} is the driver's
 * {@code CUstream}. Every method returns the {@code cufftResult} (0 = {@code CUFFT_SUCCESS}).
 */
public final class CufftApi {
  public static final int CUFFT_SUCCESS = 0;
  /** Real to complex (interleaved), single precision. */
  public static final int CUFFT_R2C = 0x2a;
  /** Complex (interleaved) to real, single precision. */
  public static final int CUFFT_C2R = 0x2c;

  private final MethodHandle cufftPlan1d, cufftPlanMany, cufftExecR2C, cufftExecC2R, cufftSetStream, cufftDestroy,
      cufftGetVersion;

  public CufftApi(SymbolLookup lookup) {
    Downcalls d = new Downcalls(lookup, "libcufft");
    // (cufftHandle *plan, int nx, cufftType type, int batch)
    cufftPlan1d = d.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT), "cufftPlan1d");
    // (cufftHandle *plan, int rank, int *n, int *inembed, int istride, int idist,
    //  int *onembed, int ostride, int odist, cufftType type, int batch)
    cufftPlanMany = d.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT,
        ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), "cufftPlanMany");
    // (cufftHandle plan, cufftReal *idata, cufftComplex *odata): device pointers passed as addresses
    cufftExecR2C = d.bind(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), "cufftExecR2C");
    cufftExecC2R = d.bind(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), "cufftExecC2R");
    cufftSetStream = d.bind(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), "cufftSetStream");
    cufftDestroy = d.bind(FunctionDescriptor.of(JAVA_INT, JAVA_INT), "cufftDestroy");
    cufftGetVersion = d.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS), "cufftGetVersion");
  }

  public int cufftPlan1d(MemorySegment plan, int nx, int type, int batch) {
    try { return (int) cufftPlan1d.invokeExact(plan, nx, type, batch); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cufftPlanMany(MemorySegment plan, int rank, MemorySegment n, MemorySegment inembed, int istride, int idist,
      MemorySegment onembed, int ostride, int odist, int type, int batch) {
    try {
      return (int) cufftPlanMany.invokeExact(plan, rank, n, inembed, istride, idist, onembed, ostride, odist, type, batch);
    } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  /** Device addresses as {@code long}. */
  public int cufftExecR2C(int plan, long idata, long odata) {
    try {
      return (int) cufftExecR2C.invokeExact(plan, MemorySegment.ofAddress(idata), MemorySegment.ofAddress(odata));
    } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cufftExecC2R(int plan, long idata, long odata) {
    try {
      return (int) cufftExecC2R.invokeExact(plan, MemorySegment.ofAddress(idata), MemorySegment.ofAddress(odata));
    } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cufftSetStream(int plan, MemorySegment stream) {
    try { return (int) cufftSetStream.invokeExact(plan, stream); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cufftDestroy(int plan) {
    try { return (int) cufftDestroy.invokeExact(plan); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  /** {@code int *version}. */
  public int cufftGetVersion(MemorySegment version) {
    try { return (int) cufftGetVersion.invokeExact(version); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  /** The {@code cufftResult} enum's name; cuFFT has no error-string function. */
  public static String resultName(int r) {
    return switch (r) {
      case 0 -> "CUFFT_SUCCESS";
      case 1 -> "CUFFT_INVALID_PLAN";
      case 2 -> "CUFFT_ALLOC_FAILED";
      case 3 -> "CUFFT_INVALID_TYPE";
      case 4 -> "CUFFT_INVALID_VALUE";
      case 5 -> "CUFFT_INTERNAL_ERROR";
      case 6 -> "CUFFT_EXEC_FAILED";
      case 7 -> "CUFFT_SETUP_FAILED";
      case 8 -> "CUFFT_INVALID_SIZE";
      case 9 -> "CUFFT_UNALIGNED_DATA";
      case 11 -> "CUFFT_INVALID_DEVICE";
      case 13 -> "CUFFT_NO_WORKSPACE";
      case 14 -> "CUFFT_NOT_IMPLEMENTED";
      case 16 -> "CUFFT_NOT_SUPPORTED";
      default -> "cufftResult " + r;
    };
  }
}
