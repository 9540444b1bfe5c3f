package io.themachine.audio.internal.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link ViterbiBand} on the Vector API: add, compare, blend over the preferred double species. */
final class VectorViterbiBand implements ViterbiBand {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final DoubleVector IOTA = DoubleVector.broadcast(S, 0).addIndex(1);

  @Override
  public void step(double[] src, double[] lt, int n, int half, int srcBase, double[] best, double[] arg) {
    int step = S.length();
    int bound = S.loopBound(n);
    for (int d = half; d >= -half; d--) {
      int row = (d + half) * n;
      int s = half - d;
      int b = 0;
      for (; b < bound; b += step) {
        DoubleVector c = DoubleVector.fromArray(S, src, s + b).add(DoubleVector.fromArray(S, lt, row + b));
        DoubleVector bv = DoubleVector.fromArray(S, best, b);
        VectorMask<Double> gt = c.compare(VectorOperators.GT, bv);
        if (gt.anyTrue()) {
          bv.blend(c, gt).intoArray(best, b);
          DoubleVector av = DoubleVector.fromArray(S, arg, b);
          av.blend(IOTA.add((double) (srcBase + b - d)), gt).intoArray(arg, b);
        }
      }
      for (; b < n; b++) {
        double c = src[s + b] + lt[row + b];
        if (c > best[b]) {
          best[b] = c;
          arg[b] = srcBase + b - d;
        }
      }
    }
  }
}
