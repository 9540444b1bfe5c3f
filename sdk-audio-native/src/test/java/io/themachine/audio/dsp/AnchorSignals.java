package io.themachine.audio.dsp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The anchor signals of {@code anchors/features/README.md} section 1, evaluated in double left to
 * right as written with {@code StrictMath.sin}, rounded once to float32; and a reader for the
 * committed reference CSVs (test resources copied from the anchors).
 */
final class AnchorSignals {
  private AnchorSignals() {}

  /** The parity signal at rate {@code sr}, {@code n} samples. */
  static float[] parity(double sr, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      double t = i / sr;
      x[i] = (float) (0.5 * StrictMath.sin(2 * Math.PI * 220.0 * t)
          + 0.3 * StrictMath.sin(2 * Math.PI * 1000.0 * t + 0.3)
          + 0.2 * StrictMath.sin(2 * Math.PI * 3500.0 * t + 1.1)
          + 0.1 * StrictMath.sin(2 * Math.PI * (100.0 * t + 2475.0 * t * t)));
    }
    return x;
  }

  /** The pitch signal: 220 Hz then 330 Hz at 0.5 s, three harmonics, 1 s at 22050 Hz. */
  static float[] pitch() {
    int n = 22050;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      double t = i / 22050.0;
      double phase = t < 0.5 ? 2 * Math.PI * 220.0 * t : 2 * Math.PI * (110.0 + 330.0 * (t - 0.5));
      x[i] = (float) (0.6 * StrictMath.sin(phase) + 0.3 * StrictMath.sin(2 * phase) + 0.1 * StrictMath.sin(3 * phase));
    }
    return x;
  }

  static double sum(float[] x) {
    double s = 0;
    for (float v : x) s += v;
    return s;
  }

  static double sumSq(float[] x) {
    double s = 0;
    for (float v : x) s += (double) v * v;
    return s;
  }

  /** Rows of a reference CSV ({@code #} comments skipped). */
  static double[][] csv(String name) throws IOException {
    try (InputStream in = AnchorSignals.class.getResourceAsStream("/anchors/features/" + name)) {
      if (in == null) throw new IOException("missing test resource " + name);
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      List<double[]> rows = new ArrayList<>();
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("#") || line.isBlank()) continue;
        String[] f = line.split(",");
        double[] row = new double[f.length];
        for (int i = 0; i < f.length; i++) row[i] = Double.parseDouble(f[i]);
        rows.add(row);
      }
      return rows.toArray(double[][]::new);
    }
  }
}
