package io.themachine.audio.internal.cpu;

import io.themachine.audio.Backend;

/**
 * Whole output blocks of a rational resampler, vectorised across blocks: output
 * {@code y[t L + j] = sum_q h_j[q] x[t M + o(j, q)]} for {@code t < blocks}, every phase {@code j},
 * with {@code o(j, q) = first(j) - min first + q}.
 *
 * <p>Why across blocks: for a fixed phase and tap, consecutive blocks read inputs {@code M} apart.
 * The tile's inputs are first laid out by input offset ({@code rows[o][t] = x[t M + o]}, {@code o <
 * R}), so the inputs of {@link #BLOCKS} consecutive blocks for one tap are one contiguous row, and
 * one phase's taps are consecutive rows: one broadcast coefficient, one vector load and one FMA per
 * {@code lanes} outputs, a linear sweep through memory, and no horizontal sum.
 *
 * <p>Every output is the same chain: {@code acc = 0; acc = fma(x_q, h_q, acc)} for {@code q = 0 ..
 * K-1} in order, in {@code float} or {@code double} as built. A vector lane and the scalar
 * reference do exactly that (the Vector API's {@code fma} is {@link Math#fma} per lane), so
 * {@link ScalarPolyphaseBlocks} and {@code VectorPolyphaseBlocks} agree bit for bit, and an output
 * does not depend on which tile (or which streamed block) computed it.
 */
public abstract class PolyphaseBlocks {
  /** Blocks per tile: one 16-float or two 8-double vectors of blocks (one row of 64 bytes each). */
  public static final int BLOCKS = 16;

  final int up; // L
  final int down; // M
  final int taps; // K
  final int reach; // R: input offsets o(j, q) lie in [0, R)
  final int[] base; // [j] = o(j, 0)
  final double[] hd; // [j K + q]
  final float[] hf; // [j K + q]
  final boolean single;

  /**
   * @param single float32 taps and accumulation (else double)
   */
  PolyphaseBlocks(PolyphaseDesign d, boolean single) {
    this.up = d.up;
    this.down = d.down;
    this.taps = d.taps;
    this.single = single;
    int minFirst = Integer.MAX_VALUE, maxFirst = Integer.MIN_VALUE;
    for (int f : d.firstOffset) {
      minFirst = Math.min(minFirst, f);
      maxFirst = Math.max(maxFirst, f);
    }
    this.reach = maxFirst - minFirst + taps;
    base = new int[up];
    hd = new double[up * taps];
    hf = new float[up * taps];
    double[] row = new double[taps];
    for (int j = 0; j < up; j++) {
      d.fill(j, row, 0);
      base[j] = d.firstOffset[j] - minFirst;
      for (int q = 0; q < taps; q++) {
        hd[j * taps + q] = row[q];
        hf[j * taps + q] = (float) row[q];
      }
    }
  }

  /** Input samples one tile of {@code blocks} needs from its first: {@code (blocks - 1) M + R}. */
  public int span(int blocks) {
    return (blocks - 1) * down + reach;
  }

  public int reach() {
    return reach;
  }

  /**
   * Computes blocks {@code 0 .. blocks-1} ({@code blocks <= BLOCKS}) whose input offset 0 is
   * {@code in[p0]} and writes their first {@code count} outputs, block-major, to {@code out[outOff..]}.
   */
  public abstract void blocks(double[] in, int p0, int blocks, float[] out, int outOff, int count);

  /** Copies a phase-major tile {@code y[j BLOCKS + t]} to {@code out} (block-major), first {@code count} outputs. */
  static void transpose(int up, float[] y, float[] out, int outOff, int count) {
    for (int t = 0, w = 0; w < count; t++) {
      int n = Math.min(up, count - w);
      for (int j = 0; j < n; j++) out[outOff + w + j] = y[j * BLOCKS + t];
      w += n;
    }
  }

  /** {@link #transpose(int, float[], float[], int, int)} from doubles, rounding to float. */
  static void transpose(int up, double[] y, float[] out, int outOff, int count) {
    for (int t = 0, w = 0; w < count; t++) {
      int n = Math.min(up, count - w);
      for (int j = 0; j < n; j++) out[outOff + w + j] = (float) y[j * BLOCKS + t];
      w += n;
    }
  }

  /** The Vector API kernel when {@code jdk.incubator.vector} is resolved, else the scalar reference. */
  public static PolyphaseBlocks best(PolyphaseDesign d, boolean single) {
    try {
      if (Backend.VECTOR.availability().available()) {
        return (PolyphaseBlocks) Class.forName("io.themachine.audio.internal.cpu.VectorPolyphaseBlocks")
            .getDeclaredConstructor(PolyphaseDesign.class, boolean.class).newInstance(d, single);
      }
    } catch (Throwable t) {
      // probe, never throw: the scalar kernel gives the same values
    }
    return new ScalarPolyphaseBlocks(d, single);
  }
}
