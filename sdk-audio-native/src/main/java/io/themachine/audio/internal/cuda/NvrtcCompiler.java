package io.themachine.audio.internal.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.themachine.audio.internal.cuda.ffm.NvrtcApi;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles CUDA C++ with NVRTC to a CUBIN for the device's own architecture
 * ({@code --gpu-architecture=sm_XY}): a CUBIN needs no PTX JIT, so an NVRTC newer than the driver
 * (a pip wheel beside an older system driver) still works as long as the driver knows the GPU. The
 * program is destroyed on every path; a compile error carries NVRTC's log (our kernel source only,
 * never user data).
 */
public final class NvrtcCompiler implements KernelCache.Compiler {
  private final CudaRuntime rt;

  public NvrtcCompiler(CudaRuntime rt) {
    this.rt = rt;
  }

  /** The options every kernel is compiled with, for the device (part of the cache key). */
  public static List<String> options(CudaRuntime rt) {
    return List.of("--gpu-architecture=" + rt.arch(), "--std=c++17");
  }

  @Override
  public byte[] compile(String programName, String source, List<String> options) {
    NvrtcApi nv = rt.requireNvrtc();
    try (Arena a = Arena.ofConfined()) {
      MemorySegment progPtr = a.allocate(ADDRESS);
      rt.checkNvrtc(nv.nvrtcCreateProgram(progPtr, a.allocateFrom(source), a.allocateFrom(programName), 0,
          MemorySegment.NULL, MemorySegment.NULL), "nvrtcCreateProgram");
      MemorySegment prog = progPtr.get(ADDRESS, 0);
      try {
        List<MemorySegment> opts = new ArrayList<>();
        for (String o : options) opts.add(a.allocateFrom(o));
        MemorySegment optArray = a.allocate(ADDRESS, Math.max(1, opts.size()));
        for (int i = 0; i < opts.size(); i++) optArray.setAtIndex(ADDRESS, i, opts.get(i));
        int r = nv.nvrtcCompileProgram(prog, opts.size(), optArray);
        if (r != NvrtcApi.NVRTC_SUCCESS) {
          throw new CudaException("nvrtcCompileProgram(" + programName + ")", r, nv.errorString(r), log(nv, prog, a));
        }
        MemorySegment size = a.allocate(JAVA_LONG);
        rt.checkNvrtc(nv.nvrtcGetCUBINSize(prog, size), "nvrtcGetCUBINSize");
        long n = size.get(JAVA_LONG, 0);
        MemorySegment buf = a.allocate(n);
        rt.checkNvrtc(nv.nvrtcGetCUBIN(prog, buf), "nvrtcGetCUBIN");
        return buf.toArray(JAVA_BYTE);
      } finally {
        nv.nvrtcDestroyProgram(progPtr);
      }
    }
  }

  private static String log(NvrtcApi nv, MemorySegment prog, Arena a) {
    MemorySegment size = a.allocate(JAVA_LONG);
    if (nv.nvrtcGetProgramLogSize(prog, size) != 0) return "";
    long n = size.get(JAVA_LONG, 0);
    if (n <= 1) return "";
    MemorySegment buf = a.allocate(n);
    if (nv.nvrtcGetProgramLog(prog, buf) != 0) return "";
    String s = buf.getString(0);
    return s.length() > 4000 ? s.substring(0, 4000) + "..." : s;
  }

  /** PTX instead of CUBIN (for tools and debugging); same options except the virtual architecture. */
  public String ptx(String programName, String source, List<String> options) {
    NvrtcApi nv = rt.requireNvrtc();
    try (Arena a = Arena.ofConfined()) {
      MemorySegment progPtr = a.allocate(ADDRESS);
      rt.checkNvrtc(nv.nvrtcCreateProgram(progPtr, a.allocateFrom(source), a.allocateFrom(programName), 0,
          MemorySegment.NULL, MemorySegment.NULL), "nvrtcCreateProgram");
      MemorySegment prog = progPtr.get(ADDRESS, 0);
      try {
        MemorySegment optArray = a.allocate(ADDRESS, Math.max(1, options.size()));
        for (int i = 0; i < options.size(); i++) {
          optArray.setAtIndex(ADDRESS, i, a.allocateFrom(options.get(i).replace("=sm_", "=compute_")));
        }
        int r = nv.nvrtcCompileProgram(prog, options.size(), optArray);
        if (r != 0) throw new CudaException("nvrtcCompileProgram(" + programName + ")", r, nv.errorString(r), log(nv, prog, a));
        MemorySegment size = a.allocate(JAVA_LONG);
        rt.checkNvrtc(nv.nvrtcGetPTXSize(prog, size), "nvrtcGetPTXSize");
        MemorySegment buf = a.allocate(size.get(JAVA_LONG, 0));
        rt.checkNvrtc(nv.nvrtcGetPTX(prog, buf), "nvrtcGetPTX");
        return buf.getString(0);
      } finally {
        nv.nvrtcDestroyProgram(progPtr);
      }
    }
  }
}
