package io.themachine.audio.internal.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * K-weighted sub-block energies of a whole in-memory signal with independent chunks side by side in
 * vector lanes. The IIR recursion is latency-bound per channel (about four dependent operations per
 * sample), so one channel cannot use a vector unit; instead lane {@code l} filters the {@code l}-th
 * of {@code L} equal stretches of the signal. Each lane but the first starts {@link #WARM_UP}
 * samples early from zero state; the K-filter's slowest pole (the 38 Hz high-pass, radius below
 * 0.9976 up to 96 kHz) forgets that start by a factor under 1e-8 in energy, and far less at 48 kHz
 * (1e-17), so the sub-block energies equal the serial filter's to well within the contract's
 * tolerance (the vector-vs-scalar test holds them to 1e-9 LU on programme material at 48 kHz).
 */
final class LaneKWeighting {
  private LaneKWeighting() {}

  static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  /** Samples each lane filters before its stretch starts, discarding the output. */
  static final int WARM_UP = 16384;
  /** Signals shorter than this many sub-blocks per lane go through the serial path. */
  static final int MIN_SUBS_PER_LANE = 64;

  static int minFrames(int sub) {
    return MIN_SUBS_PER_LANE * D.length() * sub;
  }

  /**
   * Adds {@code w * sum(y^2)} of every full sub-block of {@code x[off .. off + nSub * sub)} into
   * {@code subE[0 .. nSub)}. Lane 0 continues from the channel's filter state {@code st[so ..]};
   * the other lanes warm up on the samples before their stretch. {@code tile} holds
   * {@code sub * lanes} doubles, {@code accOut} {@code lanes}.
   */
  static void accumulate(float[] xs, int off, int nSub, int sub, KWeighting k, double w, double[] subE,
      double[] st, int so, double[] tile, double[] accOut) {
    final int lanes = D.length();
    final int subsPerLane = (nSub + lanes - 1) / lanes;
    final int laneLen = subsPerLane * sub;
    final int end = nSub * sub;
    DoubleVector b0 = DoubleVector.broadcast(D, k.b0()), b1 = DoubleVector.broadcast(D, k.b1()), b2 = DoubleVector.broadcast(D, k.b2());
    DoubleVector a1 = DoubleVector.broadcast(D, -k.a1()), a2 = DoubleVector.broadcast(D, -k.a2());
    DoubleVector c1 = DoubleVector.broadcast(D, -k.c1()), c2 = DoubleVector.broadcast(D, -k.c2());
    DoubleVector m2 = DoubleVector.broadcast(D, -2.0);
    DoubleVector s1 = DoubleVector.zero(D), s2 = s1, t1 = s1, t2 = s1;
    // Steps j from -WARM_UP (rounded to whole tiles) to laneLen - 1; lane l reads x[l * laneLen + j].
    int warmTiles = (WARM_UP + sub - 1) / sub;
    for (int tileNo = -warmTiles; tileNo < subsPerLane; tileNo++) {
      int j0 = tileNo * sub;
      if (tileNo == 0) {
        // Lane 0 starts where the stream is: the channel's real filter state.
        s1 = s1.withLane(0, st[so]);
        s2 = s2.withLane(0, st[so + 1]);
        t1 = t1.withLane(0, st[so + 2]);
        t2 = t2.withLane(0, st[so + 3]);
      }
      for (int l = 0; l < lanes; l++) {
        int base = l * laneLen + j0;
        int lo = Math.max(0, -base), hi = Math.min(sub, end - base);
        for (int t = 0; t < lo && t < sub; t++) tile[t * lanes + l] = 0.0;
        for (int t = Math.max(lo, 0); t < hi; t++) tile[t * lanes + l] = xs[off + base + t];
        for (int t = Math.max(hi, Math.max(lo, 0)); t < sub; t++) tile[t * lanes + l] = 0.0;
      }
      DoubleVector acc = DoubleVector.zero(D);
      for (int t = 0; t < sub; t++) {
        DoubleVector xv = DoubleVector.fromArray(D, tile, t * lanes);
        DoubleVector y1 = xv.fma(b0, s1);
        s1 = y1.fma(a1, xv.fma(b1, s2));
        s2 = y1.fma(a2, xv.mul(b2));
        DoubleVector y = y1.add(t1);
        t1 = y.fma(c1, y1.fma(m2, t2));
        t2 = y.fma(c2, y1);
        acc = y.fma(y, acc);
      }
      if (tileNo >= 0) {
        acc.intoArray(accOut, 0);
        for (int l = 0; l < lanes; l++) {
          int s = l * subsPerLane + tileNo;
          if (s < nSub) subE[s] += w * accOut[l];
        }
      }
    }
  }
}
