package io.themachine.audio.internal.cpu;

import io.themachine.audio.dsp.FeatureMatrix;
import io.themachine.audio.dsp.Spectrogram;
import io.themachine.audio.separation.SeparationKernel.NmfLoss;

/** Argument checks every {@link io.themachine.audio.separation.SeparationKernel} shares, so backends fail alike. */
final class Shapes {
  private Shapes() {}

  static void checkMedian(FeatureMatrix in, int width, FeatureMatrix out) {
    if (width < 1) throw new IllegalArgumentException("medianFilter: width must be positive: " + width);
    same("medianFilter", in, out);
    if (in.data() == out.data()) throw new IllegalArgumentException("medianFilter: out must not alias in");
  }

  static void checkSame(String op, FeatureMatrix a, FeatureMatrix b, FeatureMatrix out) {
    same(op, a, b);
    same(op, a, out);
  }

  static void checkRatio(FeatureMatrix[] estimates, double power, FeatureMatrix[] masks) {
    if (estimates.length == 0 || estimates.length != masks.length) {
      throw new IllegalArgumentException("ratioMasks: " + estimates.length + " estimates, " + masks.length + " masks");
    }
    if (!(power > 0) || Double.isInfinite(power)) throw new IllegalArgumentException("ratioMasks: power must be positive and finite: " + power);
    for (int i = 0; i < estimates.length; i++) {
      same("ratioMasks", estimates[0], estimates[i]);
      same("ratioMasks", estimates[0], masks[i]);
    }
  }

  static void checkSimilarity(FeatureMatrix in, int k, int minDistance, int maxDistance, FeatureMatrix out) {
    same("similarityMedian", in, out);
    if (k < 1) throw new IllegalArgumentException("similarityMedian: k must be positive: " + k);
    if (minDistance < 1) throw new IllegalArgumentException("similarityMedian: minDistance must be at least 1: " + minDistance);
    if (maxDistance < 0 || (maxDistance > 0 && maxDistance < minDistance)) {
      throw new IllegalArgumentException("similarityMedian: maxDistance must be 0 (unbounded) or at least minDistance: " + maxDistance);
    }
    if (in.data() == out.data()) throw new IllegalArgumentException("similarityMedian: out must not alias in");
  }

  static void checkNmf(FeatureMatrix v, FeatureMatrix w, FeatureMatrix h, int iterations) {
    if (iterations < 0) throw new IllegalArgumentException("nmf: iterations must not be negative: " + iterations);
    if (w.rows() != v.rows() || h.frames() != v.frames() || w.frames() != h.rows()) {
      throw new IllegalArgumentException("nmf: V " + v.rows() + " x " + v.frames() + ", W " + w.rows() + " x " + w.frames()
          + ", H " + h.rows() + " x " + h.frames() + " do not chain");
    }
    for (float f : v.data()) if (!(f >= 0) || f == Float.POSITIVE_INFINITY) throw new IllegalArgumentException("nmf: V must be finite and non-negative");
  }

  static void checkStereo(Spectrogram l, Spectrogram r, FeatureMatrix out) {
    if (l.bins() != r.bins() || l.frames() != r.frames() || out.rows() != l.bins() || out.frames() != l.frames()) {
      throw new IllegalArgumentException("stereoSimilarity: " + l + ", " + r + " and " + out + " differ in shape");
    }
  }

  static void same(String op, FeatureMatrix a, FeatureMatrix b) {
    if (a.rows() != b.rows() || a.frames() != b.frames()) {
      throw new IllegalArgumentException(op + ": " + a + " and " + b + " differ in shape");
    }
  }

  /** A null loss is a caller bug; fail before any work. */
  static NmfLoss loss(NmfLoss l) {
    if (l == null) throw new IllegalArgumentException("nmf: loss must not be null");
    return l;
  }
}
