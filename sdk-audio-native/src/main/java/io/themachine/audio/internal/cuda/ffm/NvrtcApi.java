package io.themachine.audio.internal.cuda.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * NVRTC (runtime compilation of CUDA C++), bound by hand from {@code nvrtc.h} as documented for
 * CUDA 12/13: {@code nvrtcResult} is an {@code int} enum, {@code nvrtcProgram} a pointer, sizes
 * {@code size_t}. Every method returns the {@code nvrtcResult} (0 = {@code NVRTC_SUCCESS}).
 */
public final class NvrtcApi {
  public static final int NVRTC_SUCCESS = 0;
  public static final int NVRTC_ERROR_COMPILATION = 6;

  private final MethodHandle nvrtcVersion, nvrtcCreateProgram, nvrtcCompileProgram, nvrtcGetProgramLogSize,
      nvrtcGetProgramLog, nvrtcGetPTXSize, nvrtcGetPTX, nvrtcGetCUBINSize, nvrtcGetCUBIN, nvrtcDestroyProgram,
      nvrtcGetErrorString;

  public NvrtcApi(SymbolLookup lookup) {
    Downcalls d = new Downcalls(lookup, "libnvrtc");
    FunctionDescriptor i_pp = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
    nvrtcVersion = d.bind(i_pp, "nvrtcVersion");
    // (nvrtcProgram *prog, const char *src, const char *name, int numHeaders,
    //  const char * const *headers, const char * const *includeNames)
    nvrtcCreateProgram = d.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS),
        "nvrtcCreateProgram");
    // (nvrtcProgram prog, int numOptions, const char * const *options)
    nvrtcCompileProgram = d.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), "nvrtcCompileProgram");
    nvrtcGetProgramLogSize = d.bind(i_pp, "nvrtcGetProgramLogSize");
    nvrtcGetProgramLog = d.bind(i_pp, "nvrtcGetProgramLog");
    nvrtcGetPTXSize = d.bind(i_pp, "nvrtcGetPTXSize");
    nvrtcGetPTX = d.bind(i_pp, "nvrtcGetPTX");
    nvrtcGetCUBINSize = d.bind(i_pp, "nvrtcGetCUBINSize");
    nvrtcGetCUBIN = d.bind(i_pp, "nvrtcGetCUBIN");
    nvrtcDestroyProgram = d.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS), "nvrtcDestroyProgram");
    nvrtcGetErrorString = d.bind(FunctionDescriptor.of(ADDRESS, JAVA_INT), "nvrtcGetErrorString");
  }

  /** {@code int *major, int *minor}. */
  public int nvrtcVersion(MemorySegment major, MemorySegment minor) {
    try { return (int) nvrtcVersion.invokeExact(major, minor); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int nvrtcCreateProgram(MemorySegment prog, MemorySegment src, MemorySegment name, int numHeaders,
      MemorySegment headers, MemorySegment includeNames) {
    try {
      return (int) nvrtcCreateProgram.invokeExact(prog, src, name, numHeaders, headers, includeNames);
    } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int nvrtcCompileProgram(MemorySegment prog, int numOptions, MemorySegment options) {
    try { return (int) nvrtcCompileProgram.invokeExact(prog, numOptions, options); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int nvrtcGetProgramLogSize(MemorySegment prog, MemorySegment size) {
    try { return (int) nvrtcGetProgramLogSize.invokeExact(prog, size); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int nvrtcGetProgramLog(MemorySegment prog, MemorySegment log) {
    try { return (int) nvrtcGetProgramLog.invokeExact(prog, log); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int nvrtcGetPTXSize(MemorySegment prog, MemorySegment size) {
    try { return (int) nvrtcGetPTXSize.invokeExact(prog, size); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int nvrtcGetPTX(MemorySegment prog, MemorySegment ptx) {
    try { return (int) nvrtcGetPTX.invokeExact(prog, ptx); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int nvrtcGetCUBINSize(MemorySegment prog, MemorySegment size) {
    try { return (int) nvrtcGetCUBINSize.invokeExact(prog, size); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  public int nvrtcGetCUBIN(MemorySegment prog, MemorySegment cubin) {
    try { return (int) nvrtcGetCUBIN.invokeExact(prog, cubin); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  /** {@code nvrtcProgram *prog}: destroys and NULLs it. */
  public int nvrtcDestroyProgram(MemorySegment progPtr) {
    try { return (int) nvrtcDestroyProgram.invokeExact(progPtr); } catch (Throwable t) { throw Downcalls.rethrow(t); }
  }

  /** {@code NVRTC_ERROR_COMPILATION}-style text; never throws. */
  public String errorString(int result) {
    try {
      MemorySegment p = (MemorySegment) nvrtcGetErrorString.invokeExact(result);
      return Downcalls.cString(p, "nvrtcResult " + result);
    } catch (Throwable t) {
      return "nvrtcResult " + result;
    }
  }
}
