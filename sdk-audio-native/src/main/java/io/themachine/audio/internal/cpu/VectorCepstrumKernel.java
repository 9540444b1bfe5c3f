package io.themachine.audio.internal.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link CepstrumKernel} on the Vector API: a frame per double lane, four coefficients per pass
 * (four independent add chains; one chain is latency-bound). Same products and sums per lane as
 * {@link CepstrumKernel#SCALAR}. Holds a lane buffer: one per thread.
 */
final class VectorCepstrumKernel implements CepstrumKernel {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  @Override public int lanes() { return L; }

  @Override
  public void apply(double[] dct, double[] lift, int nOut, int nIn, double[] db, float[] out, int off, int stride) {
    int k = 0;
    for (; k + 3 < nOut; k += 4) {
      int o0 = k * nIn, o1 = o0 + nIn, o2 = o1 + nIn, o3 = o2 + nIn;
      DoubleVector a0 = DoubleVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
      for (int b = 0; b < nIn; b++) {
        DoubleVector d = DoubleVector.fromArray(S, db, b * L);
        a0 = a0.add(d.mul(dct[o0 + b]));
        a1 = a1.add(d.mul(dct[o1 + b]));
        a2 = a2.add(d.mul(dct[o2 + b]));
        a3 = a3.add(d.mul(dct[o3 + b]));
      }
      store(a0.mul(lift[k]), out, k * stride + off);
      store(a1.mul(lift[k + 1]), out, (k + 1) * stride + off);
      store(a2.mul(lift[k + 2]), out, (k + 2) * stride + off);
      store(a3.mul(lift[k + 3]), out, (k + 3) * stride + off);
    }
    for (; k < nOut; k++) {
      int o = k * nIn;
      DoubleVector a = DoubleVector.zero(S);
      for (int b = 0; b < nIn; b++) a = a.add(DoubleVector.fromArray(S, db, b * L).mul(dct[o + b]));
      store(a.mul(lift[k]), out, k * stride + off);
    }
  }

  private final double[] tmp = new double[L];

  private void store(DoubleVector v, float[] out, int at) {
    v.intoArray(tmp, 0);
    for (int j = 0; j < L; j++) out[at + j] = (float) tmp[j];
  }
}
