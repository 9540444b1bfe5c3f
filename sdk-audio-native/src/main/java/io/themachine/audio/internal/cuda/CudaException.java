package io.themachine.audio.internal.cuda;

/**
 * A CUDA, NVRTC or cuFFT call failed. The message names the function, the result's enum name
 * ({@code cuGetErrorName}, {@code nvrtcGetErrorString} or the {@code cufftResult} name) and the
 * driver's description; never a file name or path.
 */
public final class CudaException extends RuntimeException {
  private final String function;
  private final int code;
  private final String codeName;

  public CudaException(String function, int code, String codeName, String detail) {
    super(function + " failed: " + codeName + (detail == null || detail.isBlank() ? "" : " (" + detail + ")"));
    this.function = function;
    this.code = code;
    this.codeName = codeName;
  }

  /** The C function that failed, e.g. {@code cuMemAlloc}. */
  public String function() {
    return function;
  }

  /** The numeric result code. */
  public int code() {
    return code;
  }

  /** The result's enum name, e.g. {@code CUDA_ERROR_OUT_OF_MEMORY}. */
  public String codeName() {
    return codeName;
  }
}
