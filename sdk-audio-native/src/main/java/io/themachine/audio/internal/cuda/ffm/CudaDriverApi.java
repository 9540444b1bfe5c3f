package io.themachine.audio.internal.cuda.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The CUDA driver API functions the SDK calls, bound by hand from {@code cuda.h} (CUDA 13.0) with
 * {@code java.lang.foreign}. Where {@code cuda.h} maps a name to a versioned symbol
 * ({@code #define cuMemAlloc cuMemAlloc_v2}) the versioned symbol is bound, as a C program built
 * against the header would call it. C types: {@code CUresult}, {@code CUdevice} and enums are
 * {@code int}; {@code CUdeviceptr} is {@code unsigned long long} (a Java {@code long});
 * {@code CUcontext}, {@code CUmodule}, {@code CUfunction}, {@code CUstream}, {@code CUevent} are
 * pointers; {@code size_t} is {@code long} (LP64). Every method returns the {@code CUresult}.
 */
public final class CudaDriverApi {
  public static final int CUDA_SUCCESS = 0;
  public static final int CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
  public static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
  public static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
  public static final int CU_STREAM_NON_BLOCKING = 0x1;
  public static final int CU_EVENT_DEFAULT = 0x0;

  private final MethodHandle cuInit, cuDriverGetVersion, cuDeviceGetCount, cuDeviceGet, cuDeviceGetName,
      cuDeviceGetAttribute, cuDevicePrimaryCtxRetain, cuDevicePrimaryCtxRelease, cuCtxSetCurrent,
      cuCtxSynchronize, cuModuleLoadData, cuModuleUnload, cuModuleGetFunction, cuLaunchKernel,
      cuStreamCreate, cuStreamDestroy, cuStreamSynchronize, cuEventCreate, cuEventRecord,
      cuEventSynchronize, cuEventElapsedTime, cuEventDestroy, cuMemAlloc, cuMemFree, cuMemAllocHost,
      cuMemFreeHost, cuMemcpyHtoD, cuMemcpyDtoH, cuMemcpyHtoDAsync, cuMemcpyDtoHAsync, cuMemcpyDtoD,
      cuMemsetD8, cuMemGetInfo, cuGetErrorName, cuGetErrorString;

  public CudaDriverApi(SymbolLookup lookup) {
    Downcalls d = new Downcalls(lookup, "libcuda");
    FunctionDescriptor i_i = FunctionDescriptor.of(JAVA_INT, JAVA_INT);
    FunctionDescriptor i_p = FunctionDescriptor.of(JAVA_INT, ADDRESS);
    FunctionDescriptor i_l = FunctionDescriptor.of(JAVA_INT, JAVA_LONG);
    cuInit = d.bind(i_i, "cuInit");
    cuDriverGetVersion = d.bind(i_p, "cuDriverGetVersion");
    cuDeviceGetCount = d.bind(i_p, "cuDeviceGetCount");
    cuDeviceGet = d.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), "cuDeviceGet");
    cuDeviceGetName = d.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), "cuDeviceGetName");
    cuDeviceGetAttribute = d.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), "cuDeviceGetAttribute");
    cuDevicePrimaryCtxRetain = d.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), "cuDevicePrimaryCtxRetain");
    cuDevicePrimaryCtxRelease = d.bind(i_i, "cuDevicePrimaryCtxRelease_v2", "cuDevicePrimaryCtxRelease");
    cuCtxSetCurrent = d.bind(i_p, "cuCtxSetCurrent");
    cuCtxSynchronize = d.bind(FunctionDescriptor.of(JAVA_INT), "cuCtxSynchronize");
    cuModuleLoadData = d.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), "cuModuleLoadData");
    cuModuleUnload = d.bind(i_p, "cuModuleUnload");
    cuModuleGetFunction = d.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), "cuModuleGetFunction");
    cuLaunchKernel = d.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
        JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS), "cuLaunchKernel");
    cuStreamCreate = d.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), "cuStreamCreate");
    cuStreamDestroy = d.bind(i_p, "cuStreamDestroy_v2", "cuStreamDestroy");
    cuStreamSynchronize = d.bind(i_p, "cuStreamSynchronize");
    cuEventCreate = d.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), "cuEventCreate");
    cuEventRecord = d.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), "cuEventRecord");
    cuEventSynchronize = d.bind(i_p, "cuEventSynchronize");
    cuEventElapsedTime = d.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), "cuEventElapsedTime_v2", "cuEventElapsedTime");
    cuEventDestroy = d.bind(i_p, "cuEventDestroy_v2", "cuEventDestroy");
    cuMemAlloc = d.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), "cuMemAlloc_v2");
    cuMemFree = d.bind(i_l, "cuMemFree_v2");
    cuMemAllocHost = d.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), "cuMemAllocHost_v2");
    cuMemFreeHost = d.bind(i_p, "cuMemFreeHost");
    cuMemcpyHtoD = d.bind(FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG), "cuMemcpyHtoD_v2");
    cuMemcpyDtoH = d.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG), "cuMemcpyDtoH_v2");
    cuMemcpyHtoDAsync = d.bind(FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS), "cuMemcpyHtoDAsync_v2");
    cuMemcpyDtoHAsync = d.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS), "cuMemcpyDtoHAsync_v2");
    cuMemcpyDtoD = d.bind(FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG), "cuMemcpyDtoD_v2");
    cuMemsetD8 = d.bind(FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_BYTE, JAVA_LONG), "cuMemsetD8_v2");
    cuMemGetInfo = d.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), "cuMemGetInfo_v2");
    cuGetErrorName = d.bind(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), "cuGetErrorName");
    cuGetErrorString = d.bind(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), "cuGetErrorString");
  }

  public int cuInit(int flags) {
    try { return (int) cuInit.invokeExact(flags); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  /** {@code int *driverVersion}: 1000 * major + 10 * minor. */
  public int cuDriverGetVersion(MemorySegment version) {
    try { return (int) cuDriverGetVersion.invokeExact(version); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cuDeviceGetCount(MemorySegment count) {
    try { return (int) cuDeviceGetCount.invokeExact(count); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cuDeviceGet(MemorySegment device, int ordinal) {
    try { return (int) cuDeviceGet.invokeExact(device, ordinal); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cuDeviceGetName(MemorySegment name, int len, int device) {
    try { return (int) cuDeviceGetName.invokeExact(name, len, device); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cuDeviceGetAttribute(MemorySegment value, int attribute, int device) {
    try { return (int) cuDeviceGetAttribute.invokeExact(value, attribute, device); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cuDevicePrimaryCtxRetain(MemorySegment ctx, int device) {
    try { return (int) cuDevicePrimaryCtxRetain.invokeExact(ctx, device); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cuDevicePrimaryCtxRelease(int device) {
    try { return (int) cuDevicePrimaryCtxRelease.invokeExact(device); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cuCtxSetCurrent(MemorySegment ctx) {
    try { return (int) cuCtxSetCurrent.invokeExact(ctx); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cuCtxSynchronize() {
    try { return (int) cuCtxSynchronize.invokeExact(); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  /** {@code image}: NUL-terminated PTX or a CUBIN image. */
  public int cuModuleLoadData(MemorySegment module, MemorySegment image) {
    try { return (int) cuModuleLoadData.invokeExact(module, image); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cuModuleUnload(MemorySegment module) {
    try { return (int) cuModuleUnload.invokeExact(module); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cuModuleGetFunction(MemorySegment function, MemorySegment module, MemorySegment name) {
    try { return (int) cuModuleGetFunction.invokeExact(function, module, name); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  /** {@code kernelParams}: an array of pointers, one per kernel argument, each to the argument's value. */
  public int cuLaunchKernel(MemorySegment f, int gx, int gy, int gz, int bx, int by, int bz, int sharedBytes,
      MemorySegment stream, MemorySegment kernelParams, MemorySegment extra) {
    try {
      return (int) cuLaunchKernel.invokeExact(f, gx, gy, gz, bx, by, bz, sharedBytes, stream, kernelParams, extra);
    } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cuStreamCreate(MemorySegment stream, int flags) {
    try { return (int) cuStreamCreate.invokeExact(stream, flags); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cuStreamDestroy(MemorySegment stream) {
    try { return (int) cuStreamDestroy.invokeExact(stream); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cuStreamSynchronize(MemorySegment stream) {
    try { return (int) cuStreamSynchronize.invokeExact(stream); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cuEventCreate(MemorySegment event, int flags) {
    try { return (int) cuEventCreate.invokeExact(event, flags); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cuEventRecord(MemorySegment event, MemorySegment stream) {
    try { return (int) cuEventRecord.invokeExact(event, stream); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cuEventSynchronize(MemorySegment event) {
    try { return (int) cuEventSynchronize.invokeExact(event); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  /** {@code float *pMilliseconds}. */
  public int cuEventElapsedTime(MemorySegment ms, MemorySegment start, MemorySegment end) {
    try { return (int) cuEventElapsedTime.invokeExact(ms, start, end); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cuEventDestroy(MemorySegment event) {
    try { return (int) cuEventDestroy.invokeExact(event); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  /** {@code CUdeviceptr *dptr} (8 bytes). */
  public int cuMemAlloc(MemorySegment dptr, long bytes) {
    try { return (int) cuMemAlloc.invokeExact(dptr, bytes); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cuMemFree(long dptr) {
    try { return (int) cuMemFree.invokeExact(dptr); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  /** {@code void **pp}: page-locked host memory. */
  public int cuMemAllocHost(MemorySegment pp, long bytes) {
    try { return (int) cuMemAllocHost.invokeExact(pp, bytes); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cuMemFreeHost(MemorySegment p) {
    try { return (int) cuMemFreeHost.invokeExact(p); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cuMemcpyHtoD(long dst, MemorySegment src, long bytes) {
    try { return (int) cuMemcpyHtoD.invokeExact(dst, src, bytes); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cuMemcpyDtoH(MemorySegment dst, long src, long bytes) {
    try { return (int) cuMemcpyDtoH.invokeExact(dst, src, bytes); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cuMemcpyHtoDAsync(long dst, MemorySegment src, long bytes, MemorySegment stream) {
    try { return (int) cuMemcpyHtoDAsync.invokeExact(dst, src, bytes, stream); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cuMemcpyDtoHAsync(MemorySegment dst, long src, long bytes, MemorySegment stream) {
    try { return (int) cuMemcpyDtoHAsync.invokeExact(dst, src, bytes, stream); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cuMemcpyDtoD(long dst, long src, long bytes) {
    try { return (int) cuMemcpyDtoD.invokeExact(dst, src, bytes); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int cuMemsetD8(long dst, byte value, long count) {
    try { return (int) cuMemsetD8.invokeExact(dst, value, count); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  /** {@code size_t *free, size_t *total}. */
  public int cuMemGetInfo(MemorySegment free, MemorySegment total) {
    try { return (int) cuMemGetInfo.invokeExact(free, total); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  /** {@code CUDA_ERROR_OUT_OF_MEMORY}-style name of a result code; never throws. */
  public String errorName(int result) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment p = a.allocate(ADDRESS);
      int r = (int) cuGetErrorName.invokeExact(result, p);
      return r == CUDA_SUCCESS ? Downcalls.cString(p.get(ADDRESS, 0), "CUresult " + result) : "CUresult " + result;
    } catch (Throwable t) {
      return "CUresult " + result;
    }
  }

  /** The driver's one-line description of a result code; never throws. */
  public String errorString(int result) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment p = a.allocate(ADDRESS);
      int r = (int) cuGetErrorString.invokeExact(result, p);
      return r == CUDA_SUCCESS ? Downcalls.cString(p.get(ADDRESS, 0), "") : "";
    } catch (Throwable t) {
      return "";
    }
  }
}
