package io.themachine.audio.internal.cpu;

import io.themachine.audio.Backend;

/**
 * {@code 10 log10(max(1e-10, p))} in float32 for MFCC's {@code power_to_db} (ref 1, amin 1e-10):
 * {@code p = 2^e m} from the bits, {@code m} folded into [0.707, 1.414], {@code ln m = 2 atanh t}
 * with {@code t = (m - 1) / (m + 1)} to the {@code t^9} term (truncation below 3e-9). Absolute error
 * below 2e-5 dB against {@code 10 * Math.log10} (DecibelKernelTest). Only {@code + - * /}, bit
 * operations and int-to-float conversion, so the Vector kernel gives the scalar value bit for bit
 * in every lane and at every JIT tier ({@code Math.log10} and the Vector API's {@code LOG10} may
 * differ in the last bit between the two).
 */
public interface DecibelKernel {
  float AMIN = 1e-10f;
  float SQRT2 = 1.4142135f;
  float LN2 = 0.6931472f;
  float DB_PER_NEPER = 4.3429448f; // 10 / ln 10
  float C3 = 1f / 3f;
  float C5 = 1f / 5f;
  float C7 = 1f / 7f;
  float C9 = 1f / 9f;

  /** {@code dst[d + i] = db(src[s + i])}, {@code i < n}; returns the largest value written (-inf for none). */
  float toDb(float[] src, int s, float[] dst, int d, int n);

  /** One value: the reference every lane follows. */
  static float db(float p) {
    float x = Math.max(p, AMIN);
    int bits = Float.floatToRawIntBits(x);
    float e = (float) ((bits >>> 23) - 127);
    float m = Float.intBitsToFloat((bits & 0x007fffff) | 0x3f800000);
    if (m > SQRT2) {
      m = m * 0.5f;
      e = e + 1f;
    }
    float t = (m - 1f) / (m + 1f);
    float t2 = t * t;
    float poly = (((t2 * C9 + C7) * t2 + C5) * t2 + C3) * t2 + 1f;
    float ln = e * LN2 + (t + t) * poly;
    return ln * DB_PER_NEPER;
  }

  DecibelKernel SCALAR = (src, s, dst, d, n) -> {
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      float v = db(src[s + i]);
      dst[d + i] = v;
      max = Math.max(max, v);
    }
    return max;
  };

  /** The Vector kernel where the shared probe succeeds, else {@link #SCALAR}; stateless. Never throws. */
  static DecibelKernel best() {
    return Holder.BEST;
  }

  final class Holder {
    private Holder() {}

    static final DecibelKernel BEST = probe();

    private static DecibelKernel probe() {
      try {
        if (!Backend.VECTOR.availability().available()) return SCALAR;
        return (DecibelKernel) Class.forName("io.themachine.audio.internal.cpu.VectorDecibelKernel")
            .getDeclaredConstructor().newInstance();
      } catch (Throwable t) {
        return SCALAR;
      }
    }
  }
}
