package io.themachine.audio.internal.cpu;

import io.themachine.audio.Backend;

/**
 * MFCC's DCT-II and lifter as a small matrix product, {@link #lanes()} frames at once:
 * {@code out[k * stride + off + j] = (float) ((sum_b D[k][b] db[b * lanes + j]) * lift[k])}, in
 * double, each sum taken in band order with plain multiply and add. The Vector kernel (a frame per
 * lane) therefore rounds exactly as {@link #SCALAR} does for each frame: a streamed MFCC frame
 * (scalar) equals the whole-signal one (vector) bit for bit.
 */
public interface CepstrumKernel {
  int lanes();

  /**
   * @param dct {@code nOut x nIn} row-major
   * @param lift per coefficient
   * @param db {@code nIn x lanes}, band-major
   */
  void apply(double[] dct, double[] lift, int nOut, int nIn, double[] db, float[] out, int off, int stride);

  /** The scalar reference, one frame. */
  CepstrumKernel SCALAR = new CepstrumKernel() {
    @Override public int lanes() { return 1; }

    @Override
    public void apply(double[] dct, double[] lift, int nOut, int nIn, double[] db, float[] out, int off, int stride) {
      for (int k = 0; k < nOut; k++) {
        int o = k * nIn;
        double acc = 0.0;
        for (int b = 0; b < nIn; b++) acc = acc + dct[o + b] * db[b];
        out[k * stride + off] = (float) (acc * lift[k]);
      }
    }
  };

  /** A new Vector kernel (it owns a lane buffer: one per thread) where the shared probe succeeds, else {@link #SCALAR}. Never throws. */
  static CepstrumKernel create() {
    try {
      return Holder.VECTOR == null ? SCALAR : (CepstrumKernel) Holder.VECTOR.newInstance();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return SCALAR;
    }
  }

  final class Holder {
    private Holder() {}

    static final java.lang.reflect.Constructor<?> VECTOR = probe();

    private static java.lang.reflect.Constructor<?> probe() {
      try {
        if (!Backend.VECTOR.availability().available()) return null;
        var c = Class.forName("io.themachine.audio.internal.cpu.VectorCepstrumKernel").getDeclaredConstructor();
        c.newInstance();
        return c;
      } catch (Throwable t) {
        return null;
      }
    }
  }
}
