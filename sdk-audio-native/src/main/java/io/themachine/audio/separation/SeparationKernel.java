package io.themachine.audio.separation;

import io.themachine.audio.Backend;
import io.themachine.audio.dsp.FeatureMatrix;
import io.themachine.audio.dsp.Spectrogram;

/**
 * The separation primitives every backend implements: the scalar reference, the Vector API kernel
 * and CUDA ({@code Backend.separation()}). One contract suite holds every backend to the scalar one.
 *
 * <p>Every matrix is a magnitude (or power) spectrogram or a mask in {@link FeatureMatrix}'s
 * layout: bins x frames, row-major, {@code data[k * frames + t]}, float32. Outputs are written into
 * caller-owned matrices of the right shape; an output never aliases an input. Arithmetic may be done
 * in float or double; the contract tolerances are stated per method. Implementations are not
 * thread-safe unless they say so; hold one per thread.
 */
public interface SeparationKernel {
  Backend backend();

  /**
   * {@code scipy.ndimage.median_filter(S, size=(1, width))} for {@link Axis#TIME} (librosa's
   * harmonic filter) or {@code size=(width, 1)} for {@link Axis#FREQUENCY} (percussive), with
   * {@code mode='reflect'} (half-sample symmetric: {@code d c b a | a b c d | d c b a}, repeated for
   * windows longer than the axis) and scipy's origin 0: the window of element {@code i} covers
   * {@code i - width / 2 .. i - width / 2 + width - 1}; for an even width the result is scipy's
   * rank {@code width / 2} (the upper median). Exact: every backend returns one of the window's
   * values, so results are equal bit for bit.
   */
  void medianFilter(FeatureMatrix in, Axis axis, int width, FeatureMatrix out);

  /**
   * {@code librosa.util.softmask(x, refScale * ref, power, split_zeros)}: with
   * {@code Z = max(x, refScale * ref)}, where {@code Z} is below the smallest normal float the mask
   * is 0.5 ({@code splitZeros}) or 0; elsewhere {@code (x/Z)^p / ((x/Z)^p + (refScale*ref/Z)^p)};
   * {@code power = +Infinity} gives the hard mask {@code x > refScale * ref}. Within 1e-6 absolute
   * of the scalar kernel. {@code power} must be positive.
   */
  void softMask(FeatureMatrix x, FeatureMatrix ref, float refScale, double power, boolean splitZeros,
      FeatureMatrix out);

  /**
   * Ratio masks (Wiener filtering when {@code power == 2} on magnitudes): for every cell,
   * {@code mask_j = v_j^p / sum_k v_k^p}; where the sum is below the smallest normal float every
   * mask is {@code 1 / n}. The masks of one cell sum to 1. Within 1e-6 absolute of the scalar kernel.
   */
  void ratioMasks(FeatureMatrix[] estimates, double power, FeatureMatrix[] masks);

  /**
   * REPET-SIM's repeating model (Rafii and Pardo 2012, librosa's {@code nn_filter} with
   * {@code aggregate=np.median, metric='cosine'}): for every frame {@code t}, the {@code k} frames
   * {@code j} with {@code |t - j| >= minDistance} (and {@code |t - j| <= maxDistance} when
   * {@code maxDistance > 0}) of highest cosine similarity of their columns (ties to the lower index;
   * all-zero columns have similarity 0), then per bin the median of those frames' values (the mean of
   * the two middle ones for even counts; fewer than {@code k} candidates use those there are; none
   * copies the frame). The model is then {@code min(model, in)}. Within 1e-5 relative of the scalar
   * kernel where the neighbour sets agree (similarities are summed in float on some backends; the
   * contract suite uses signals without near-ties).
   */
  void similarityMedian(FeatureMatrix in, int k, int minDistance, int maxDistance, FeatureMatrix out);

  /**
   * {@link #similarityMedian(FeatureMatrix, int, int, int, FeatureMatrix)} for the frames
   * {@code [from, to)} only (their candidates still come from all of {@code in}); the other columns
   * of {@code out} are unspecified. Lets a caller stream with {@code maxDistance} frames of context
   * without paying for the context's own models. The default computes every frame.
   */
  default void similarityMedian(FeatureMatrix in, int k, int minDistance, int maxDistance, int from, int to, FeatureMatrix out) {
    java.util.Objects.checkFromToIndex(from, to, in.frames());
    similarityMedian(in, k, minDistance, maxDistance, out);
  }

  /**
   * {@code iterations} multiplicative updates (Lee and Seung 2001) of {@code v ~ w h} for the given
   * loss, {@code w} (bins x rank) and {@code h} (rank x frames) updated in place, H then W in each
   * iteration, denominators floored at {@code 1e-12} (double) / the smallest normal float (float).
   * Deterministic for given inputs; the caller seeds the initial factors. Reconstruction
   * {@code w h} within 1e-4 relative (Frobenius) of the scalar kernel after 50 iterations.
   */
  void nmf(FeatureMatrix v, FeatureMatrix w, FeatureMatrix h, int iterations, NmfLoss loss);

  /**
   * Inter-channel similarity of a stereo pair (Avendano and Jot 2004):
   * {@code psi = 2 |L conj(R)| / (|L|^2 + |R|^2)}, 0 where the denominator is below the smallest
   * normal float; 1 for identical channels, 0 for one silent channel. {@code out} is bins x frames.
   * Within 1e-6 absolute of the scalar kernel.
   */
  void stereoSimilarity(Spectrogram left, Spectrogram right, FeatureMatrix out);

  /** The axis a median filter runs along. */
  enum Axis {
    /** Along frames within one bin (harmonic enhancement). */
    TIME,
    /** Along bins within one frame (percussive enhancement). */
    FREQUENCY
  }

  /** NMF's divergence. */
  enum NmfLoss {
    /** Squared Euclidean distance (Frobenius). */
    EUCLIDEAN,
    /** Generalised Kullback-Leibler divergence. */
    KULLBACK_LEIBLER
  }
}
