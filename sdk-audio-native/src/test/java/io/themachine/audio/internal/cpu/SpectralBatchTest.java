package io.themachine.audio.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.themachine.audio.Backend;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The batched spectral frame features: the vector kernel equals the scalar reference bit for bit,
 * a lane's result depends on nothing but its own spectrum, and the scalar kernel matches a plain
 * per-frame computation (sorting for the contrast means) within rounding.
 */
class SpectralBatchTest {

  /** A kernel's tables: bins, bin frequencies, random chroma weights, contrast bands of growing width. */
  record Shape(int bins, double[] freq, double[] chroma, int nChroma, int[] lo, int[] hi, int[] q) {
    static Shape of(int bins, int nChroma, double quantile) {
      double[] f = new double[bins];
      for (int k = 0; k < bins; k++) f[k] = k * (11025.0 / (bins - 1));
      SplittableRandom r = new SplittableRandom(bins * 31L + nChroma);
      double[] w = new double[nChroma * bins];
      for (int i = 0; i < w.length; i++) w[i] = r.nextDouble();
      // octave-like bands: [0, b1), [b1 - 1, b2), ... up to the last bin, as FrameFeatures builds them
      int nb = 7;
      int[] lo = new int[nb], hi = new int[nb], q = new int[nb];
      int edge = Math.max(2, bins / 64);
      int first = 0;
      for (int b = 0; b < nb; b++) {
        int last = b == nb - 1 ? bins - 1 : Math.min(bins - 2, edge);
        lo[b] = first;
        hi[b] = b == nb - 1 ? last : last - 1;
        q[b] = (int) Math.max(1, Math.rint(quantile * (last - first + 1)));
        first = last - 1;
        edge *= 2;
      }
      return new Shape(bins, f, w, nChroma, lo, hi, q);
    }

    SpectralBatch scalar(int lanes) {
      return SpectralBatch.scalar(lanes, freq, chroma, nChroma, lo, hi, q, 1e-10, 0.85);
    }

    SpectralBatch best(int lanes) {
      return SpectralBatch.best(lanes, freq, chroma, nChroma, lo, hi, q, 1e-10, 0.85);
    }
  }

  private static int vectorLanes() {
    var a = Backend.VECTOR.availability();
    org.junit.jupiter.api.Assumptions.assumeTrue(a.available(), a.reason());
    int l = SpectralBatch.vectorLanes();
    org.junit.jupiter.api.Assumptions.assumeTrue(l > 0, "no vector spectral kernel");
    return l;
  }

  /** Spectra that fall with frequency over 14 decades, with exact zeros, ties and a silent lane. */
  private static double[] batch(int bins, int lanes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] p = new double[bins * lanes];
    for (int j = 0; j < lanes; j++) {
      for (int k = 0; k < bins; k++) {
        double v = Math.pow(10, -12 + 14 * r.nextDouble()) / (1 + k);
        if (r.nextInt(17) == 0) v = 0.0;
        if (r.nextInt(13) == 0 && k > 0) v = p[(k - 1) * lanes + j]; // a tie with the bin before
        p[k * lanes + j] = j == lanes - 1 && seed % 3 == 0 ? 0.0 : v;
      }
    }
    return p;
  }

  @ParameterizedTest
  @CsvSource({"1025, 12, 0.02, 1", "1025, 12, 0.02, 3", "513, 24, 0.02, 5", "2049, 12, 0.1, 6", "207, 5, 0.3, 9", "33, 1, 0.5, 12"})
  void vector_equalsScalar_bitForBit(int bins, int nChroma, double quantile, long seed) {
    int lanes = vectorLanes();
    Shape s = Shape.of(bins, nChroma, quantile);
    SpectralBatch v = s.best(lanes), ref = s.scalar(lanes);
    assertThat(v.getClass().getSimpleName()).isEqualTo("VectorSpectralBatch");
    double[] p = batch(bins, lanes, seed);
    v.run(p);
    ref.run(p);
    for (int i = 0; i < ref.out.length; i++) {
      assertThat(Double.doubleToRawLongBits(v.out[i])).as("row %d lane %d", i / lanes, i % lanes)
          .isEqualTo(Double.doubleToRawLongBits(ref.out[i]));
    }
    // the networks' register (q <= 12) and memory (q > 12) paths are both covered across the rows
    assertThat(Arrays.stream(s.q()).max().getAsInt()).isGreaterThan(0);
  }

  @Test
  void laneResult_dependsOnlyOnItsOwnSpectrum() {
    int lanes = 8;
    Shape s = Shape.of(1025, 12, 0.02);
    SpectralBatch k = s.best(lanes);
    double[] a = batch(1025, lanes, 7), b = batch(1025, lanes, 8);
    // frame 2 of a goes to lane 5 of b
    for (int bin = 0; bin < 1025; bin++) b[bin * lanes + 5] = a[bin * lanes + 2];
    k.run(a);
    double[] outA = k.out.clone();
    k.run(b);
    for (int row = 0; row < k.rows(); row++) {
      assertThat(Double.doubleToRawLongBits(k.out[row * lanes + 5])).as("row %d", row)
          .isEqualTo(Double.doubleToRawLongBits(outA[row * lanes + 2]));
    }
  }

  @ParameterizedTest
  @CsvSource({"1025, 12, 0.02, 1", "513, 24, 0.1, 2", "2049, 12, 0.3, 4"})
  void scalar_matchesPlainPerFrameComputation(int bins, int nChroma, double quantile, long seed) {
    int lanes = 4;
    Shape s = Shape.of(bins, nChroma, quantile);
    SpectralBatch k = s.scalar(lanes);
    double[] p = batch(bins, lanes, seed);
    k.run(p);
    for (int j = 0; j < lanes; j++) {
      double[] mag = new double[bins];
      double sum = 0, wsum = 0, amean = 0, logSum = 0;
      for (int b = 0; b < bins; b++) {
        double v = p[b * lanes + j];
        mag[b] = Math.sqrt(v);
        sum += mag[b];
        wsum += s.freq()[b] * mag[b];
        amean += Math.max(1e-10, v);
        logSum += Math.log(Math.max(1e-10, v));
      }
      double norm = sum < Double.MIN_NORMAL ? 1 : sum;
      double centroid = wsum / norm, spread = 0;
      for (int b = 0; b < bins; b++) spread += mag[b] * Math.pow(s.freq()[b] - centroid, 2);
      double cum = 0, rolloff = s.freq()[bins - 1];
      for (int b = 0; b < bins; b++) {
        cum += mag[b];
        if (cum >= 0.85 * sum) { rolloff = s.freq()[b]; break; }
      }
      double tol = 1e-11;
      assertThat(k.out[j]).isCloseTo(centroid, within(tol * Math.abs(centroid) + 1e-300));
      assertThat(k.out[lanes + j]).isCloseTo(Math.sqrt(spread / norm), within(tol * Math.sqrt(spread / norm) + 1e-300));
      assertThat(k.out[2 * lanes + j]).isEqualTo(rolloff);
      double flat = Math.exp(logSum / bins) / (amean / bins);
      assertThat(k.out[3 * lanes + j]).isCloseTo(flat, within(1e-9 * flat));
      double[] chroma = new double[nChroma];
      double cmax = 0;
      for (int c = 0; c < nChroma; c++) {
        for (int b = 0; b < bins; b++) chroma[c] += s.chroma()[c * bins + b] * p[b * lanes + j];
        cmax = Math.max(cmax, chroma[c]);
      }
      for (int c = 0; c < nChroma; c++) {
        double want = cmax < Double.MIN_NORMAL ? chroma[c] : chroma[c] / cmax;
        assertThat(k.out[k.chromaRow(c) * lanes + j]).isCloseTo(want, within(1e-12));
      }
      for (int band = 0; band < k.nBands; band++) {
        double[] sorted = Arrays.copyOfRange(mag, s.lo()[band], s.hi()[band] + 1);
        Arrays.sort(sorted);
        int q = s.q()[band];
        double small = 0, large = 0;
        for (int i = 0; i < q; i++) {
          small += sorted[i];
          large += sorted[sorted.length - 1 - i];
        }
        assertThat(k.out[k.peakRow(band) * lanes + j]).as("peak %d", band).isCloseTo(large / q, within(1e-12 * large / q + 1e-300));
        assertThat(k.out[(k.peakRow(band) + k.nBands) * lanes + j]).as("valley %d", band)
            .isCloseTo(small / q, within(1e-12 * small / q + 1e-300));
      }
    }
  }

  @Test
  void badTables_areRejected() {
    Shape s = Shape.of(65, 12, 0.02);
    int[] q = s.q().clone();
    q[0] = 1000;
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SpectralBatch.scalar(8, s.freq(), s.chroma(), 12, s.lo(), s.hi(), q, 1e-10, 0.85))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contrast band 0");
  }
}
