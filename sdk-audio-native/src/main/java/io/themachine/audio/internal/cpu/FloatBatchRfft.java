package io.themachine.audio.internal.cpu;

/**
 * A float32 real FFT of {@link #lanes()} frames at once (lane {@code j} = frame {@code j}), power
 * spectrum out: the STFT / mel / MFCC engine. Layout: value {@code i} of lane {@code j} at
 * {@code [i * lanes + j]}. {@link ScalarFloatRfft} (one lane) is the reference; {@code VectorFloatRfft}
 * does the same operations in the same order on vectors of frames, so every lane equals the scalar
 * result bit for bit (Java float arithmetic is IEEE, no fused multiply-add on either side). Sizes:
 * even {@code n} whose half factors into 2, 3 and 5 ({@link #supports}). Not thread-safe.
 */
public interface FloatBatchRfft {
  int lanes();

  /** The real size {@code n}. */
  int size();

  /**
   * Loads {@code lanes} windowed frames packed for the transform: lane {@code j} is the frame at
   * {@code buf[off + j * hop ..]}, {@code re[k] = w[2k] x[2k]}, {@code im[k] = w[2k+1] x[2k+1]}
   * (float products).
   */
  void load(float[] buf, int off, int hop, float[] window);

  /** Packed input arrays ({@code n / 2} values per lane), for callers that fill them directly. */
  float[] packedRe();

  float[] packedIm();

  /** Transforms the packed input; {@code |X_k|^2}, {@code k = 0 .. n/2}, into {@code out[k * lanes + j]}. */
  default void forwardPower(float[] out) {
    forwardPower(out, 0, lanes());
  }

  /**
   * As {@link #forwardPower(float[])}, lane {@code j} of bin {@code k} at {@code out[off + k * stride + j]}:
   * with {@code stride} = frames and {@code off} = the first frame, straight into a bins x frames matrix.
   */
  void forwardPower(float[] out, int off, int stride);

  /**
   * {@code mel[m * lanes + j] = sum_k W[m][k] power[k * lanes + j]} over the bank's sparse runs,
   * in float, summed in bin order.
   */
  void applyMel(MelFilterBank bank, float[] power, float[] mel);

  /** True when {@code n} is even and {@code n / 2} needs only radices 2, 3 and 5 (stages of 8, 4, 2, 3, 5). */
  static boolean supports(int n) {
    if (n < 4 || (n & 1) == 1) return false;
    int r = n / 2;
    while (r % 2 == 0) r /= 2;
    while (r % 3 == 0) r /= 3;
    while (r % 5 == 0) r /= 5;
    return r == 1;
  }

  /** The scalar reference (one lane). */
  static FloatBatchRfft scalar(int n) {
    return new ScalarFloatRfft(n);
  }

  /**
   * The Vector API engine (as many lanes as the preferred float species holds), or null where the
   * shared Vector probe fails ({@code -Dthemachine.vector.off=true}) or {@code n} is unsupported.
   * Found by name, so a JVM without the incubator module never loads it. Never throws.
   */
  static FloatBatchRfft vector(int n) {
    if (!supports(n) || !ComplexFft.vectorAvailable()) return null;
    try {
      Class<?> c = Class.forName("io.themachine.audio.internal.cpu.VectorFloatRfft");
      FloatBatchRfft f = (FloatBatchRfft) c.getDeclaredConstructor(int.class).newInstance(n);
      return f.lanes() >= 4 ? f : null;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return null;
    }
  }
}
