package io.themachine.audio.internal.cpu;

/**
 * librosa 0.11 {@code filters.chroma(sr, n_fft, n_chroma, tuning=0, ctroct=5, octwidth=2, norm=2,
 * base_c=True)}: Gaussian bumps in log frequency (twice as narrow as the bin spacing), each FFT-bin
 * column normalised to unit L2 norm, weighted by a Gaussian over octaves centred on octave
 * {@code ctroct} (octaves counted from A0 = 27.5 Hz), rows rolled so C comes first. The 0 Hz bin is
 * placed 1.5 octaves below bin 1, as librosa does.
 */
public final class ChromaFilter {
  private ChromaFilter() {}

  /** {@code n_chroma x (n_fft / 2 + 1)}, row-major, double. */
  public static double[] weights(double sr, int nFft, int nChroma, double tuning, double ctroct, double octwidth) {
    double a440 = 440.0 * Math.pow(2.0, tuning / nChroma);
    double[] frq = new double[nFft];
    for (int k = 1; k < nFft; k++) {
      double f = k * (sr / nFft);
      frq[k] = nChroma * (Math.log(f / (a440 / 16)) / Math.log(2.0));
    }
    frq[0] = frq[1] - 1.5 * nChroma;
    double[] width = new double[nFft];
    for (int k = 0; k < nFft - 1; k++) width[k] = Math.max(frq[k + 1] - frq[k], 1.0);
    width[nFft - 1] = 1.0;
    double half = Math.rint(nChroma / 2.0);
    double[] w = new double[nChroma * nFft];
    for (int c = 0; c < nChroma; c++) {
      for (int k = 0; k < nFft; k++) {
        double d = frq[k] - c + half + 10.0 * nChroma;
        d = d - Math.floor(d / nChroma) * nChroma - half; // numpy.remainder: sign of the divisor
        double z = 2.0 * d / width[k];
        w[c * nFft + k] = Math.exp(-0.5 * z * z);
      }
    }
    for (int k = 0; k < nFft; k++) {
      double ss = 0;
      for (int c = 0; c < nChroma; c++) ss += w[c * nFft + k] * w[c * nFft + k];
      double norm = Math.sqrt(ss);
      double oct = (frq[k] / nChroma - ctroct) / octwidth;
      double g = Math.exp(-0.5 * oct * oct);
      for (int c = 0; c < nChroma; c++) {
        double v = norm < Double.MIN_NORMAL ? w[c * nFft + k] : w[c * nFft + k] / norm;
        w[c * nFft + k] = v * g;
      }
    }
    int bins = nFft / 2 + 1;
    int shift = 3 * (nChroma / 12);
    double[] out = new double[nChroma * bins];
    for (int c = 0; c < nChroma; c++) {
      int src = Math.floorMod(c + shift, nChroma); // numpy.roll(w, -shift, axis=0)
      System.arraycopy(w, src * nFft, out, c * bins, bins);
    }
    return out;
  }
}
