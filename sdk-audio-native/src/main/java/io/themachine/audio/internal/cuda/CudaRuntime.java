package io.themachine.audio.internal.cuda;

import io.themachine.audio.internal.cuda.ffm.CudaDriverApi;
import io.themachine.audio.internal.cuda.ffm.CufftApi;
import io.themachine.audio.internal.cuda.ffm.NvrtcApi;

/**
 * The loaded libraries and the device the probe found: what every owner class needs. One per JVM,
 * held by {@link Cuda}. {@code nvrtc} and {@code cufft} may be null when their library is missing;
 * their users check with {@link #requireNvrtc()} and {@link #requireCufft()}.
 */
public record CudaRuntime(CudaDriverApi driver, NvrtcApi nvrtc, CufftApi cufft, String cufftMissing, int deviceOrdinal,
    String deviceName, int ccMajor, int ccMinor, int driverVersion, int smCount, String nvrtcVersion) {

  /** Throws {@link CudaException} naming the function when {@code result} is not CUDA_SUCCESS. */
  public void check(int result, String function) {
    if (result != CudaDriverApi.CUDA_SUCCESS) {
      throw new CudaException(function, result, driver.errorName(result), driver.errorString(result));
    }
  }

  public void checkNvrtc(int result, String function) {
    if (result != NvrtcApi.NVRTC_SUCCESS) {
      throw new CudaException(function, result, requireNvrtc().errorString(result), "");
    }
  }

  public void checkCufft(int result, String function) {
    if (result != CufftApi.CUFFT_SUCCESS) throw new CudaException(function, result, CufftApi.resultName(result), "");
  }

  public NvrtcApi requireNvrtc() {
    if (nvrtc == null) throw new IllegalStateException("NVRTC is not loaded");
    return nvrtc;
  }

  public CufftApi requireCufft() {
    if (cufft == null) throw new IllegalStateException("cuFFT is not available: " + cufftMissing);
    return cufft;
  }

  /** {@code "sm_90"}. */
  public String arch() {
    return "sm_" + ccMajor + ccMinor;
  }

  @Override
  public String toString() {
    return "CudaRuntime[" + deviceName + ", " + arch() + ", driver " + driverVersion / 1000 + "." + (driverVersion % 1000) / 10
        + ", NVRTC " + nvrtcVersion + ", cuFFT " + (cufft != null ? "yes" : "no") + "]";
  }
}
