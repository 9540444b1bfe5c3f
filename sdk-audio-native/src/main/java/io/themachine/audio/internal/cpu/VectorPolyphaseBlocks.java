package io.themachine.audio.internal.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PolyphaseBlocks} on the Vector API: lanes are blocks.
 *
 * <p>Phases go in groups of {@code P} (4 in float, 2 in double) that share their input rows: each
 * row is loaded once and multiplied into the {@code P} accumulators, each with its own
 * coefficient (zero where the row lies outside that phase's taps). That halves the loads per FMA
 * and gives {@code P} (float) or {@code 2 P} (double, two vectors of blocks) independent FMA
 * chains. The padding zeros change nothing: the accumulator starts at +0, so {@code fma(x, 0, acc)}
 * leaves it as it is (round to nearest never makes -0 from +0), and each lane still adds the
 * phase's own taps in the scalar reference's order.
 */
final class VectorPolyphaseBlocks extends PolyphaseBlocks {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

  private final int group; // P
  private final int groups;
  private final int[] gBase; // first row of each group
  private final int[] gLen; // rows of each group
  private final int[] gOff; // start of each group's coefficients: [row P + p]
  private final float[] gF;
  private final double[] gD;
  private final float[] rowsF; // [o BLOCKS + t] = x[t M + o]
  private final double[] rowsD;
  private final float[] outF; // [j BLOCKS + t] for j < groups P (phases past L are padding)
  private final double[] outD;

  VectorPolyphaseBlocks(PolyphaseDesign d, boolean single) {
    super(d, single);
    if (BLOCKS % F.length() != 0 || BLOCKS % (2 * D.length()) != 0) {
      throw new IllegalStateException("species " + F + " / " + D + " do not divide " + BLOCKS);
    }
    group = single ? 4 : 2;
    groups = Math.ceilDiv(up, group);
    gBase = new int[groups];
    gLen = new int[groups];
    gOff = new int[groups + 1];
    for (int g = 0; g < groups; g++) {
      int j0 = g * group, j1 = Math.min(up, j0 + group);
      int lo = Integer.MAX_VALUE, hi = 0;
      for (int j = j0; j < j1; j++) {
        lo = Math.min(lo, base[j]);
        hi = Math.max(hi, base[j] + taps);
      }
      gBase[g] = lo;
      gLen[g] = hi - lo;
      gOff[g + 1] = gOff[g] + gLen[g] * group;
    }
    gF = single ? new float[gOff[groups]] : null;
    gD = single ? null : new double[gOff[groups]];
    for (int g = 0; g < groups; g++) {
      for (int p = 0; p < group && g * group + p < up; p++) {
        int j = g * group + p;
        for (int q = 0; q < taps; q++) {
          int at = gOff[g] + (base[j] + q - gBase[g]) * group + p;
          if (single) gF[at] = hf[j * taps + q]; else gD[at] = hd[j * taps + q];
        }
      }
    }
    rowsF = single ? new float[reach * BLOCKS + F.length()] : null;
    rowsD = single ? null : new double[reach * BLOCKS + D.length()];
    outF = single ? new float[groups * group * BLOCKS] : null;
    outD = single ? null : new double[groups * group * BLOCKS];
  }

  @Override
  public void blocks(double[] in, int p0, int blocks, float[] out, int outOff, int count) {
    if (single) {
      loadRowsF(in, p0, blocks);
      floatGroups();
      transpose(up, outF, out, outOff, count);
    } else {
      loadRowsD(in, p0, blocks);
      doubleGroups();
      transpose(up, outD, out, outOff, count);
    }
  }

  // rows[o][t] = x[t M + o]; lanes past `blocks` keep stale (finite) values and are never stored.
  // Row o + M is row o one block later: the first M rows read the input strided, the others are a
  // shifted copy (one unaligned vector load per 16 floats; the last lane then gets its new value).
  private void loadRowsF(double[] in, int p0, int blocks) {
    int direct = Math.min(down, reach);
    for (int o = 0; o < direct; o++) {
      int dst = o * BLOCKS, src = p0 + o;
      for (int t = 0; t < blocks; t++) rowsF[dst + t] = (float) in[src + t * down];
    }
    int v = F.length();
    for (int o = direct; o < reach; o++) {
      int dst = o * BLOCKS, from = (o - down) * BLOCKS + 1;
      for (int t = 0; t < BLOCKS; t += v) FloatVector.fromArray(F, rowsF, from + t).intoArray(rowsF, dst + t);
      rowsF[dst + blocks - 1] = (float) in[p0 + (blocks - 1) * down + o];
    }
  }

  private void loadRowsD(double[] in, int p0, int blocks) {
    int direct = Math.min(down, reach);
    for (int o = 0; o < direct; o++) {
      int dst = o * BLOCKS, src = p0 + o;
      for (int t = 0; t < blocks; t++) rowsD[dst + t] = in[src + t * down];
    }
    int v = D.length();
    for (int o = direct; o < reach; o++) {
      int dst = o * BLOCKS, from = (o - down) * BLOCKS + 1;
      for (int t = 0; t < BLOCKS; t += v) DoubleVector.fromArray(D, rowsD, from + t).intoArray(rowsD, dst + t);
      rowsD[dst + blocks - 1] = in[p0 + (blocks - 1) * down + o];
    }
  }

  private void floatGroups() {
    final int v = F.length();
    final float[] c = rowsF, h = gF;
    for (int t0 = 0; t0 < BLOCKS; t0 += v) {
      for (int g = 0; g < groups; g++) {
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
        int i = gBase[g] * BLOCKS + t0, e = gOff[g], n = gLen[g];
        for (int r = 0; r < n; r++, i += BLOCKS, e += 4) {
          FloatVector x = FloatVector.fromArray(F, c, i);
          a0 = x.fma(FloatVector.broadcast(F, h[e]), a0);
          a1 = x.fma(FloatVector.broadcast(F, h[e + 1]), a1);
          a2 = x.fma(FloatVector.broadcast(F, h[e + 2]), a2);
          a3 = x.fma(FloatVector.broadcast(F, h[e + 3]), a3);
        }
        int o = 4 * g * BLOCKS + t0;
        a0.intoArray(outF, o);
        a1.intoArray(outF, o + BLOCKS);
        a2.intoArray(outF, o + 2 * BLOCKS);
        a3.intoArray(outF, o + 3 * BLOCKS);
      }
    }
  }

  private void doubleGroups() {
    final int v = D.length();
    final double[] c = rowsD, h = gD;
    for (int t0 = 0; t0 < BLOCKS; t0 += 2 * v) {
      for (int g = 0; g < groups; g++) {
        DoubleVector a0 = DoubleVector.zero(D), a1 = DoubleVector.zero(D), b0 = DoubleVector.zero(D), b1 = DoubleVector.zero(D);
        int i = gBase[g] * BLOCKS + t0, e = gOff[g], n = gLen[g];
        for (int r = 0; r < n; r++, i += BLOCKS, e += 2) {
          DoubleVector x0 = DoubleVector.fromArray(D, c, i), x1 = DoubleVector.fromArray(D, c, i + v);
          DoubleVector ha = DoubleVector.broadcast(D, h[e]), hb = DoubleVector.broadcast(D, h[e + 1]);
          a0 = x0.fma(ha, a0);
          a1 = x1.fma(ha, a1);
          b0 = x0.fma(hb, b0);
          b1 = x1.fma(hb, b1);
        }
        int o = 2 * g * BLOCKS + t0;
        a0.intoArray(outD, o);
        a1.intoArray(outD, o + v);
        b0.intoArray(outD, o + BLOCKS);
        b1.intoArray(outD, o + BLOCKS + v);
      }
    }
  }
}
