package io.themachine.audio.dsp;

/**
 * librosa's {@code power_to_db} / {@code amplitude_to_db} and torchaudio's {@code AmplitudeToDB}:
 * {@code 10 log10(max(amin, S)) - 10 log10(max(amin, ref))}, then, when {@code top_db > 0},
 * {@code max(dB, reference_max - top_db)}.
 *
 * <p>Trap: {@code reference_max} is the maximum over the <em>whole</em> array in both libraries,
 * so a clip computed in blocks gives other values unless the maximum is known first. The methods
 * taking {@code maxDb} let a streaming caller pass it explicitly ({@code NaN}: use the data's own).
 *
 * @param ref reference power (librosa default 1.0)
 * @param amin floor for {@code S} and {@code ref} (default 1e-10)
 * @param top_db dynamic range below the maximum; 0 or NaN for none (default 80)
 */
public record Decibels(double ref, double amin, double top_db) {
  public Decibels {
    if (!(amin > 0)) throw new IllegalArgumentException("amin must be positive: " + amin);
    if (top_db < 0) throw new IllegalArgumentException("top_db must be non-negative: " + top_db);
  }

  /** librosa.power_to_db's defaults: ref 1, amin 1e-10, top_db 80 (also torchaudio's MFCC). */
  public static Decibels power() {
    return new Decibels(1.0, 1e-10, 80.0);
  }

  /** Converts power values in place; returns the maximum dB before clipping. */
  public double powerToDbInPlace(float[] data, double maxDb) {
    double off = 10.0 * Math.log10(Math.max(amin, ref));
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < data.length; i++) {
      double v = 10.0 * Math.log10(Math.max(amin, data[i])) - off;
      data[i] = (float) v;
      if (v > max) max = v;
    }
    clip(data, Double.isNaN(maxDb) ? max : maxDb);
    return max;
  }

  /** A new matrix of dB values from power (whole-array maximum for top_db). */
  public FeatureMatrix powerToDb(FeatureMatrix power) {
    float[] d = power.data().clone();
    powerToDbInPlace(d, Double.NaN);
    return new FeatureMatrix(power.rows(), power.frames(), d);
  }

  /** A new matrix of dB values from magnitudes: {@code power_to_db(S^2, ref^2, amin^2, top_db)} as librosa does. */
  public static FeatureMatrix amplitudeToDb(FeatureMatrix magnitude, double ref, double amin, double top_db) {
    float[] d = magnitude.data().clone();
    for (int i = 0; i < d.length; i++) d[i] = d[i] * d[i];
    new Decibels(ref * ref, amin * amin, top_db).powerToDbInPlace(d, Double.NaN);
    return new FeatureMatrix(magnitude.rows(), magnitude.frames(), d);
  }

  /** Double-precision variant for kernels: converts {@code x} in place and returns its maximum. */
  public double toDb(double[] x, int from, int to) {
    double off = 10.0 * Math.log10(Math.max(amin, ref));
    double max = Double.NEGATIVE_INFINITY;
    for (int i = from; i < to; i++) {
      double v = 10.0 * Math.log10(Math.max(amin, x[i])) - off;
      x[i] = v;
      if (v > max) max = v;
    }
    return max;
  }

  /** {@code max(v, maxDb - top_db)} when {@code top_db > 0}. */
  public void clip(float[] data, double maxDb) {
    if (!(top_db > 0)) return;
    float floor = (float) (maxDb - top_db);
    for (int i = 0; i < data.length; i++) if (data[i] < floor) data[i] = floor;
  }

  /** The floor for a given maximum, or -infinity without top_db. */
  public double floor(double maxDb) {
    return top_db > 0 ? maxDb - top_db : Double.NEGATIVE_INFINITY;
  }
}
