package io.themachine.audio.internal.cpu;

/**
 * The hot loops of the meter, scalar reference versions. {@code VectorStages} overrides them with
 * Vector API code; {@link MeterEngine} owns all state and bookkeeping, so both kernels share the
 * gating, windowing and result logic and differ only here.
 */
public class LoudnessStages {

  /**
   * K-weights {@code x[off .. off+n)} of one channel (two biquads in transposed direct form II, in
   * double) and returns {@code w * sum y^2}. State {@code st[so .. so+4)}: shelf s1, s2, high-pass
   * t1, t2. When {@code e != null}, also adds {@code w * y^2} into {@code e[0 .. n)}. A NaN or
   * infinite input makes the return value non-finite, which the engine detects.
   */
  public double kFilter(float[] x, int off, int n, KWeighting k, double[] st, int so, double w, double[] e) {
    final double b0 = k.b0(), b1 = k.b1(), b2 = k.b2(), a1 = k.a1(), a2 = k.a2(), c1 = k.c1(), c2 = k.c2();
    double s1 = st[so], s2 = st[so + 1], t1 = st[so + 2], t2 = st[so + 3];
    double acc = 0;
    if (e == null) {
      for (int i = 0; i < n; i++) {
        double xv = x[off + i];
        double y1 = b0 * xv + s1;
        s1 = b1 * xv - a1 * y1 + s2;
        s2 = b2 * xv - a2 * y1;
        double y = y1 + t1;
        t1 = -2.0 * y1 - c1 * y + t2;
        t2 = y1 - c2 * y;
        acc += y * y;
      }
    } else {
      for (int i = 0; i < n; i++) {
        double xv = x[off + i];
        double y1 = b0 * xv + s1;
        s1 = b1 * xv - a1 * y1 + s2;
        s2 = b2 * xv - a2 * y1;
        double y = y1 + t1;
        t1 = -2.0 * y1 - c1 * y + t2;
        t2 = y1 - c2 * y;
        double q = y * y;
        acc += q;
        e[i] += w * q;
      }
    }
    st[so] = flush(s1);
    st[so + 1] = flush(s2);
    st[so + 2] = flush(t1);
    st[so + 3] = flush(t2);
    return w * acc;
  }

  /**
   * Two channels in one loop: the IIR recursion is latency-bound (about four dependent operations
   * per sample), so two independent recursions side by side nearly halve the time per frame.
   */
  public double kFilter2(float[] x0, float[] x1, int off, int n, KWeighting k, double[] st, int so0, int so1,
      double w0, double w1, double[] e) {
    final double b0 = k.b0(), b1 = k.b1(), b2 = k.b2(), a1 = k.a1(), a2 = k.a2(), c1 = k.c1(), c2 = k.c2();
    double s1 = st[so0], s2 = st[so0 + 1], t1 = st[so0 + 2], t2 = st[so0 + 3];
    double r1 = st[so1], r2 = st[so1 + 1], u1 = st[so1 + 2], u2 = st[so1 + 3];
    double acc0 = 0, acc1 = 0;
    for (int i = 0; i < n; i++) {
      double xv = x0[off + i];
      double zv = x1[off + i];
      double y1 = b0 * xv + s1;
      double z1 = b0 * zv + r1;
      s1 = b1 * xv - a1 * y1 + s2;
      r1 = b1 * zv - a1 * z1 + r2;
      s2 = b2 * xv - a2 * y1;
      r2 = b2 * zv - a2 * z1;
      double y = y1 + t1;
      double z = z1 + u1;
      t1 = -2.0 * y1 - c1 * y + t2;
      u1 = -2.0 * z1 - c1 * z + u2;
      t2 = y1 - c2 * y;
      u2 = z1 - c2 * z;
      double qy = y * y, qz = z * z;
      acc0 += qy;
      acc1 += qz;
      if (e != null) e[i] += w0 * qy + w1 * qz;
    }
    st[so0] = flush(s1);
    st[so0 + 1] = flush(s2);
    st[so0 + 2] = flush(t1);
    st[so0 + 3] = flush(t2);
    st[so1] = flush(r1);
    st[so1 + 1] = flush(r2);
    st[so1 + 2] = flush(u1);
    st[so1 + 3] = flush(u2);
    return w0 * acc0 + w1 * acc1;
  }

  /**
   * Frames from which {@link #laneEnergies} pays off, or {@code Integer.MAX_VALUE} when this kernel
   * has no lane-parallel K-filter.
   */
  public int laneMinFrames(int sub) {
    return Integer.MAX_VALUE;
  }

  /** Lanes of the lane-parallel K-filter (sizes its scratch). */
  public int laneCount() {
    return 1;
  }

  /** Lane-parallel K-filter energies per sub-block (see {@code LaneKWeighting}); vector kernel only. */
  public void laneEnergies(float[] x, int off, int nSub, int sub, KWeighting k, double w, double[] subE,
      double[] st, int so, double[] tile, double[] accOut) {
    throw new UnsupportedOperationException("no lane-parallel K-filter in the scalar kernel");
  }

  /** Max |x| over the range; NaN if any sample is NaN. */
  public double samplePeak(float[] x, int off, int n) {
    float m = 0f;
    for (int i = off; i < off + n; i++) {
      float a = Math.abs(x[i]);
      m = (a > m || a != a) ? a : m;
    }
    return m;
  }

  /** Annex 2 true peak of {@code d[11 .. 11+n)} with 11 samples of history before; see {@link TruePeakFir}. */
  public double truePeak(double[] d, int n) {
    return TruePeakFir.maxAbs(d, n);
  }

  /**
   * Per output, the largest |y| over the four Annex 2 phases: {@code out[i]} for the output at
   * {@code d[11 + i]}, {@code i < n} (the limiter's per-frame allowance).
   */
  public void framePeaks(double[] d, int n, double[] out) {
    final double[] h0 = TruePeakFir.H[0], h1 = TruePeakFir.H[1], h2 = TruePeakFir.H[2], h3 = TruePeakFir.H[3];
    final int h = TruePeakFir.HISTORY;
    for (int i = 0; i < n; i++) {
      double y0 = 0, y1 = 0, y2 = 0, y3 = 0;
      for (int k = 0; k < TruePeakFir.TAPS; k++) {
        double v = d[h + i - k];
        y0 += h0[k] * v;
        y1 += h1[k] * v;
        y2 += h2[k] * v;
        y3 += h3[k] * v;
      }
      out[i] = Math.max(Math.max(Math.abs(y0), Math.abs(y1)), Math.max(Math.abs(y2), Math.abs(y3)));
    }
  }

  /**
   * Filter states that have decayed below 1e-30 are set to zero at the end of each block, so a long
   * silence cannot drive the recursion into subnormal numbers (slow on x86); the energy this drops
   * is below 1e-60.
   */
  static double flush(double v) {
    return Math.abs(v) < 1e-30 ? 0.0 : v;
  }
}
