package io.themachine.audio.internal.cpu;

import io.themachine.audio.dsp.MelNorm;
import io.themachine.audio.dsp.MelScale;

/**
 * Triangular mel filters built in double (librosa.filters.mel / torchaudio.functional.melscale_fbanks):
 * {@code n_mels + 2} points equally spaced in mel between fmin and fmax, back to Hz; filter {@code i}
 * at bin frequency {@code f} is {@code max(0, min((f - f_i) / (f_{i+1} - f_i), (f_{i+2} - f) / (f_{i+2} - f_{i+1})))};
 * Slaney norm multiplies by {@code 2 / (f_{i+2} - f_i)}. Stored sparse (each filter's non-zero run)
 * because a filter covers a few bins only.
 */
public final class MelFilterBank {
  public final int nMels;
  public final int bins;
  public final int[] start;
  public final int[] length;
  public final int[] offset;
  public final double[] weights;
  /** {@link #weights} rounded to float, for the float32 engine ({@link FloatBatchRfft#applyMel}). */
  public final float[] weightsFloat;

  public MelFilterBank(double[] binHz, int nMels, double fmin, double fmax, MelScale scale, MelNorm norm) {
    this.nMels = nMels;
    this.bins = binHz.length;
    double[] dense = dense(binHz, nMels, fmin, fmax, scale, norm);
    start = new int[nMels];
    length = new int[nMels];
    offset = new int[nMels + 1];
    int total = 0;
    for (int m = 0; m < nMels; m++) {
      int lo = -1, hi = -1;
      for (int k = 0; k < bins; k++) {
        if (dense[m * bins + k] != 0.0) {
          if (lo < 0) lo = k;
          hi = k;
        }
      }
      start[m] = lo < 0 ? 0 : lo;
      length[m] = lo < 0 ? 0 : hi - lo + 1;
      offset[m] = total;
      total += length[m];
    }
    offset[nMels] = total;
    weights = new double[total];
    for (int m = 0; m < nMels; m++) {
      for (int j = 0; j < length[m]; j++) weights[offset[m] + j] = dense[m * bins + start[m] + j];
    }
    weightsFloat = new float[total];
    for (int i = 0; i < total; i++) weightsFloat[i] = (float) weights[i];
  }

  /** Dense {@code n_mels x bins} weights, row-major. */
  public static double[] dense(double[] binHz, int nMels, double fmin, double fmax, MelScale scale, MelNorm norm) {
    int bins = binHz.length;
    double mMin = scale.hzToMel(fmin);
    double mMax = scale.hzToMel(fmax);
    double[] f = new double[nMels + 2];
    for (int i = 0; i < nMels + 2; i++) {
      // numpy.linspace: start + i * step, the last point exactly the end
      double m = i == nMels + 1 ? mMax : mMin + i * ((mMax - mMin) / (nMels + 1));
      f[i] = scale.melToHz(m);
    }
    double[] w = new double[nMels * bins];
    for (int i = 0; i < nMels; i++) {
      double d0 = f[i + 1] - f[i];
      double d1 = f[i + 2] - f[i + 1];
      double enorm = norm == MelNorm.SLANEY ? 2.0 / (f[i + 2] - f[i]) : 1.0;
      for (int k = 0; k < bins; k++) {
        double lower = (binHz[k] - f[i]) / d0;
        double upper = (f[i + 2] - binHz[k]) / d1;
        double v = Math.max(0.0, Math.min(lower, upper));
        w[i * bins + k] = v * enorm;
      }
    }
    return w;
  }

  /** {@code mel[m] = sum_k W[m][k] spec[k]}. */
  public void apply(double[] spec, double[] mel) {
    for (int m = 0; m < nMels; m++) {
      int s = start[m], o = offset[m], n = length[m];
      double acc = 0.0;
      for (int j = 0; j < n; j++) acc += weights[o + j] * spec[s + j];
      mel[m] = acc;
    }
  }
}
