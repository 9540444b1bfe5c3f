package io.themachine.audio;

import io.themachine.spi.ComputeDevice;
import java.util.List;

/** Run in a child JVM by {@link WithoutCudaTest}: loads the CUDA classes (or not) and prints the verdicts. */
public final class NoCudaMain {
  private NoCudaMain() {}

  static final List<String> CUDA_CLASSES = List.of("Cuda", "CudaRuntime", "CudaException", "CudaContext", "CudaModule",
      "CudaStream", "CudaEvent", "DeviceBuffer", "PinnedBuffer", "CufftPlan", "KernelCache", "NvrtcCompiler",
      "CudaLoudness", "CudaMel", "ChunkPlan", "ChunkedKWeighting", "ffm.CudaDriverApi", "ffm.NvrtcApi", "ffm.CufftApi",
      "ffm.NativeLibraries");

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("load")) {
      int n = 0;
      for (String c : CUDA_CLASSES) {
        Class.forName("io.themachine.audio.internal.cuda." + c, true, NoCudaMain.class.getClassLoader());
        n++;
      }
      System.out.println("cuda classes loaded: " + n);
    }
    System.out.println("CUDA: " + Backend.CUDA.availability());
    System.out.println("choice: " + Backends.choose(ComputeDevice.CUDA, Backend.SCALAR));
    boolean bytedeco;
    try {
      Class.forName("org.bytedeco.javacpp.Loader", false, NoCudaMain.class.getClassLoader());
      bytedeco = true;
    } catch (ClassNotFoundException e) {
      bytedeco = false;
    }
    System.out.println("bytedeco on path: " + bytedeco);
  }
}
