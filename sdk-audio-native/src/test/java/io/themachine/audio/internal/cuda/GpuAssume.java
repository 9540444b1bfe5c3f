package io.themachine.audio.internal.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** GPU tests skip with the probe's reason, printed, so a skip never looks like a pass. */
final class GpuAssume {
  private GpuAssume() {}

  static void cuda() {
    var a = Cuda.availability();
    if (!a.available()) System.out.println("GPU test skipped: " + a.reason());
    assumeTrue(a.available(), () -> "CUDA unavailable: " + a.reason());
  }

  static void cufft() {
    cuda();
    var a = Cuda.cufftAvailability();
    if (!a.available()) System.out.println("GPU test skipped: " + a.reason());
    assumeTrue(a.available(), () -> "cuFFT unavailable: " + a.reason());
  }
}
