package io.themachine.audio.internal.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of {@link ComplexFft}'s radix-4 and radix-2 Stockham stages for strides that
 * are a multiple of the lane count: the {@code q} loop reads and writes contiguous runs, so one
 * vector covers {@code L} independent butterflies that share a twiddle. Loaded by name only after
 * the incubator module was found ({@link ComplexFft#vectorStages()}); same arithmetic as the scalar
 * stages, so results agree to rounding (the FFT tests run both).
 */
final class VectorFftStages implements ComplexFft.Stages {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

  @Override
  public int lanes() {
    return S.length();
  }

  @Override
  public void radix4(double[] xr, double[] xi, double[] yr, double[] yi, int m, int s, double[] twRe, double[] twIm, int o) {
    int sm = s * m;
    int L = S.length();
    for (int p = 0; p < m; p++) {
      int t = o + 3 * p;
      double w1r = twRe[t], w1i = twIm[t], w2r = twRe[t + 1], w2i = twIm[t + 1], w3r = twRe[t + 2], w3i = twIm[t + 2];
      boolean unit = p == 0;
      int in = s * p;
      int out = s * 4 * p;
      for (int q = 0; q < s; q += L) {
        int i0 = in + q;
        DoubleVector a0r = DoubleVector.fromArray(S, xr, i0), a0i = DoubleVector.fromArray(S, xi, i0);
        DoubleVector a1r = DoubleVector.fromArray(S, xr, i0 + sm), a1i = DoubleVector.fromArray(S, xi, i0 + sm);
        DoubleVector a2r = DoubleVector.fromArray(S, xr, i0 + 2 * sm), a2i = DoubleVector.fromArray(S, xi, i0 + 2 * sm);
        DoubleVector a3r = DoubleVector.fromArray(S, xr, i0 + 3 * sm), a3i = DoubleVector.fromArray(S, xi, i0 + 3 * sm);
        DoubleVector t0r = a0r.add(a2r), t0i = a0i.add(a2i);
        DoubleVector t1r = a0r.sub(a2r), t1i = a0i.sub(a2i);
        DoubleVector t2r = a1r.add(a3r), t2i = a1i.add(a3i);
        DoubleVector t3r = a1r.sub(a3r), t3i = a1i.sub(a3i);
        int j = out + q;
        t0r.add(t2r).intoArray(yr, j);
        t0i.add(t2i).intoArray(yi, j);
        DoubleVector b1r = t1r.add(t3i), b1i = t1i.sub(t3r);
        DoubleVector b2r = t0r.sub(t2r), b2i = t0i.sub(t2i);
        DoubleVector b3r = t1r.sub(t3i), b3i = t1i.add(t3r);
        if (unit) {
          b1r.intoArray(yr, j + s);
          b1i.intoArray(yi, j + s);
          b2r.intoArray(yr, j + 2 * s);
          b2i.intoArray(yi, j + 2 * s);
          b3r.intoArray(yr, j + 3 * s);
          b3i.intoArray(yi, j + 3 * s);
        } else {
          b1r.mul(w1r).sub(b1i.mul(w1i)).intoArray(yr, j + s);
          b1r.mul(w1i).add(b1i.mul(w1r)).intoArray(yi, j + s);
          b2r.mul(w2r).sub(b2i.mul(w2i)).intoArray(yr, j + 2 * s);
          b2r.mul(w2i).add(b2i.mul(w2r)).intoArray(yi, j + 2 * s);
          b3r.mul(w3r).sub(b3i.mul(w3i)).intoArray(yr, j + 3 * s);
          b3r.mul(w3i).add(b3i.mul(w3r)).intoArray(yi, j + 3 * s);
        }
      }
    }
  }

  @Override
  public void radix2(double[] xr, double[] xi, double[] yr, double[] yi, int m, int s, double[] twRe, double[] twIm, int o) {
    int sm = s * m;
    int L = S.length();
    for (int p = 0; p < m; p++) {
      double wr = twRe[o + p], wi = twIm[o + p];
      int in = s * p;
      int out = s * 2 * p;
      for (int q = 0; q < s; q += L) {
        int i0 = in + q;
        DoubleVector ar = DoubleVector.fromArray(S, xr, i0), ai = DoubleVector.fromArray(S, xi, i0);
        DoubleVector br = DoubleVector.fromArray(S, xr, i0 + sm), bi = DoubleVector.fromArray(S, xi, i0 + sm);
        int j = out + q;
        ar.add(br).intoArray(yr, j);
        ai.add(bi).intoArray(yi, j);
        DoubleVector dr = ar.sub(br), di = ai.sub(bi);
        if (p == 0) {
          dr.intoArray(yr, j + s);
          di.intoArray(yi, j + s);
        } else {
          dr.mul(wr).sub(di.mul(wi)).intoArray(yr, j + s);
          dr.mul(wi).add(di.mul(wr)).intoArray(yi, j + s);
        }
      }
    }
  }
}
