package io.themachine.audio.dsp;

import java.util.Objects;

/**
 * A float32 feature matrix, row-major: a row is a mel band, MFCC coefficient, FFT bin or feature,
 * a column is a frame (librosa's {@code (bins, frames)} layout). Prints its shape, not its values.
 *
 * @param rows bins or features
 * @param frames columns
 * @param data {@code rows * frames} values, {@code data[r * frames + t]}; not copied
 */
public record FeatureMatrix(int rows, int frames, float[] data) {
  public FeatureMatrix {
    Objects.requireNonNull(data, "data");
    if (rows < 0 || frames < 0 || (long) rows * frames != data.length) {
      throw new IllegalArgumentException("FeatureMatrix " + rows + " x " + frames + " needs " + (long) rows * frames
          + " values, got " + data.length);
    }
  }

  /** A zeroed matrix. */
  public static FeatureMatrix zeros(int rows, int frames) {
    return new FeatureMatrix(rows, frames, new float[Math.multiplyExact(rows, frames)]);
  }

  public float get(int row, int frame) {
    Objects.checkIndex(row, rows);
    Objects.checkIndex(frame, frames);
    return data[row * frames + frame];
  }

  /** One row (all frames) as a new array. */
  public float[] row(int row) {
    Objects.checkIndex(row, rows);
    float[] out = new float[frames];
    System.arraycopy(data, row * frames, out, 0, frames);
    return out;
  }

  /** One column (frame) as a new array. */
  public float[] frame(int frame) {
    Objects.checkIndex(frame, frames);
    float[] out = new float[rows];
    for (int r = 0; r < rows; r++) out[r] = data[r * frames + frame];
    return out;
  }

  @Override
  public String toString() {
    return "FeatureMatrix[" + rows + " x " + frames + "]";
  }
}
