package io.themachine.audio.internal.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/** {@link DotKernel} on the Vector API: FMA over the preferred double species, one reduction in lane order. */
final class VectorDotKernel implements DotKernel {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

  VectorDotKernel() {
    if (LANES % S.length() != 0) throw new IllegalStateException("species " + S + " does not divide " + LANES);
  }

  @Override
  public double dot(double[] h, int ho, double[] x, int xo, int n) {
    DoubleVector acc = DoubleVector.zero(S);
    int step = S.length();
    for (int q = 0; q < n; q += step) {
      acc = DoubleVector.fromArray(S, h, ho + q).fma(DoubleVector.fromArray(S, x, xo + q), acc);
    }
    // Lanes summed in a fixed order: reduceLanes(ADD) leaves the order unspecified, so the
    // interpreted and the compiled kernel (and a streamed and a whole-signal run) could round
    // differently.
    double sum = 0;
    for (int i = 0; i < step; i++) sum += acc.lane(i);
    return sum;
  }
}
