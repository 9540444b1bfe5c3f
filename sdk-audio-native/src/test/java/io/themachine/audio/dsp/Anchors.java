package io.themachine.audio.dsp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The feature anchors (test resources copied from the shared anchors, see SOURCE.md) and the parity signal. */
final class Anchors {
  private Anchors() {}

  /**
   * The parity signal: {@code (float)(0.5 sin(2 pi 220 t) + 0.3 sin(2 pi 1000 t + 0.3) + 0.2 sin(2 pi 3500 t + 1.1)
   * + 0.1 sin(2 pi (100 t + 2475 t t)))}, {@code t = n / sr}, evaluated left to right in double.
   */
  static float[] parity(int sr, int length) {
    float[] x = new float[length];
    double twoPi = 2 * Math.PI;
    for (int n = 0; n < length; n++) {
      double t = n / (double) sr;
      x[n] = (float) (0.5 * StrictMath.sin(twoPi * 220.0 * t)
          + 0.3 * StrictMath.sin(twoPi * 1000.0 * t + 0.3)
          + 0.2 * StrictMath.sin(twoPi * 3500.0 * t + 1.1)
          + 0.1 * StrictMath.sin(twoPi * (100.0 * t + 2475.0 * t * t)));
    }
    return x;
  }

  static float[] parity() {
    return parity(22050, 44100);
  }

  static InputStream open(String name) {
    InputStream in = Anchors.class.getResourceAsStream("/anchors/features/" + name);
    if (in == null) throw new IllegalStateException("test resource missing: anchors/features/" + name);
    return in;
  }

  /** A reference CSV as {@code [rows][cols]}; checks the {@code # shape} line. */
  static double[][] csv(String name) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(open(name), StandardCharsets.UTF_8))) {
      List<double[]> rows = new ArrayList<>();
      int wantRows = -1, wantCols = -1;
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("#")) {
          if (line.startsWith("# shape: ")) {
            String[] p = line.substring(9).split(" ");
            wantRows = Integer.parseInt(p[0]);
            wantCols = Integer.parseInt(p[3]);
          }
          continue;
        }
        if (line.isBlank()) continue;
        String[] f = line.split(",");
        double[] v = new double[f.length];
        for (int i = 0; i < f.length; i++) v[i] = Double.parseDouble(f[i]);
        rows.add(v);
      }
      double[][] m = rows.toArray(double[][]::new);
      if (m.length != wantRows || m[0].length != wantCols) {
        throw new IllegalStateException(name + ": shape " + m.length + "x" + m[0].length + ", header says " + wantRows + "x" + wantCols);
      }
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String name) {
    try (InputStream in = open(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The numbers of a JSON array {@code "key": [ ... ]} inside the "signal" block of params.json (tiny ad-hoc parser). */
  static double[] jsonArray(String json, String key) {
    int i = json.indexOf("\"" + key + "\"");
    int a = json.indexOf('[', i), b = json.indexOf(']', a);
    String[] p = json.substring(a + 1, b).split(",");
    double[] v = new double[p.length];
    for (int k = 0; k < p.length; k++) v[k] = Double.parseDouble(p[k].trim());
    return v;
  }

  static double jsonNumber(String json, String key) {
    int i = json.indexOf("\"" + key + "\"");
    int a = json.indexOf(':', i) + 1;
    int b = a;
    while (b < json.length() && ",}\n".indexOf(json.charAt(b)) < 0) b++;
    return Double.parseDouble(json.substring(a, b).trim());
  }

  /** Max relative error over entries whose reference exceeds {@code floorFraction} of the matrix maximum. */
  static double maxRelative(double[][] ref, FeatureMatrix got, double floorFraction) {
    double max = 0;
    for (double[] row : ref) for (double v : row) max = Math.max(max, Math.abs(v));
    double worst = 0;
    for (int r = 0; r < ref.length; r++) {
      for (int c = 0; c < ref[r].length; c++) {
        double want = ref[r][c];
        if (Math.abs(want) <= floorFraction * max) continue;
        worst = Math.max(worst, Math.abs(got.get(r, c) - want) / Math.abs(want));
      }
    }
    return worst;
  }

  static double maxAbsolute(double[][] ref, FeatureMatrix got, int rowFrom, int rowTo) {
    double worst = 0;
    for (int r = rowFrom; r < rowTo; r++) {
      for (int c = 0; c < ref[r].length; c++) worst = Math.max(worst, Math.abs(got.get(r - rowFrom, c) - ref[r][c]));
    }
    return worst;
  }
}
