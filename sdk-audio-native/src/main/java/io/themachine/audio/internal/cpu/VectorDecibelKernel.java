package io.themachine.audio.internal.cpu;

import static io.themachine.audio.internal.cpu.DecibelKernel.AMIN;
import static io.themachine.audio.internal.cpu.DecibelKernel.C3;
import static io.themachine.audio.internal.cpu.DecibelKernel.C5;
import static io.themachine.audio.internal.cpu.DecibelKernel.C7;
import static io.themachine.audio.internal.cpu.DecibelKernel.C9;
import static io.themachine.audio.internal.cpu.DecibelKernel.DB_PER_NEPER;
import static io.themachine.audio.internal.cpu.DecibelKernel.LN2;
import static io.themachine.audio.internal.cpu.DecibelKernel.SQRT2;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link DecibelKernel} on the Vector API: {@link DecibelKernel#db} lane by lane, same operations in the same order. */
final class VectorDecibelKernel implements DecibelKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  @Override
  public float toDb(float[] src, int s, float[] dst, int d, int n) {
    int L = S.length();
    FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
    int i = 0;
    for (; i + L <= n; i += L) {
      FloatVector x = FloatVector.fromArray(S, src, s + i).max(AMIN);
      IntVector bits = x.reinterpretAsInts();
      FloatVector e = (FloatVector) bits.lanewise(VectorOperators.LSHR, 23).sub(127).convert(VectorOperators.I2F, 0);
      FloatVector m = bits.and(0x007fffff).or(0x3f800000).reinterpretAsFloats();
      VectorMask<Float> big = m.compare(VectorOperators.GT, SQRT2);
      m = m.blend(m.mul(0.5f), big);
      e = e.blend(e.add(1f), big);
      FloatVector t = m.sub(1f).div(m.add(1f));
      FloatVector t2 = t.mul(t);
      FloatVector poly = t2.mul(C9).add(C7).mul(t2).add(C5).mul(t2).add(C3).mul(t2).add(1f);
      FloatVector v = e.mul(LN2).add(t.add(t).mul(poly)).mul(DB_PER_NEPER);
      v.intoArray(dst, d + i);
      vmax = vmax.max(v);
    }
    float max = vmax.reduceLanes(VectorOperators.MAX); // max is exact in any order
    for (; i < n; i++) {
      float v = DecibelKernel.db(src[s + i]);
      dst[d + i] = v;
      max = Math.max(max, v);
    }
    return max;
  }
}
