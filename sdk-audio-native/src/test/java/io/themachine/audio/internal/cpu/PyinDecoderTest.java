package io.themachine.audio.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sparse Viterbi against librosa's dense one (sequence._viterbi) written out literally. */
class PyinDecoderTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42})
  void decode_randomObservations_matchesDenseViterbi(long seed) {
    double sr = 22050, fmin = 200, fmax = 800;
    int hop = 512;
    PyinDecoder dec = new PyinDecoder(sr, fmin, fmax, 27, 111, hop, 100, 2, 18, 2, 0.1, 35.92, 0.01, 0.01);
    int n = dec.bins(); // 241 bins
    int frames = 60;
    SplittableRandom rnd = new SplittableRandom(seed);
    double[][] obs = new double[frames][n];
    double[] vp = new double[frames];
    for (int t = 0; t < frames; t++) {
      int k = rnd.nextInt(4); // 0..3 candidates, some frames with none
      double left = 1;
      int center = rnd.nextInt(n);
      for (int c = 0; c < k; c++) {
        int b = (c == 0 || rnd.nextBoolean()) ? Math.floorMod(center + rnd.nextInt(-8, 9), n) : rnd.nextInt(n);
        double p = left * rnd.nextDouble() * 0.9;
        obs[t][b] = p;
        left -= p;
      }
      double s = 0;
      for (double v : obs[t]) s += v;
      vp[t] = Math.min(1, s);
    }
    int[] want = dense(obs, vp, n, 101, 0.01);
    for (ViterbiBand band : new ViterbiBand[] {ViterbiBand.SCALAR, ViterbiBand.best()}) {
      int[] sparse = new int[frames];
      dec.decode(obs, vp, frames, sparse, band);
      assertThat(sparse).as(band.getClass().getSimpleName()).containsExactly(want);
    }
  }

  @org.junit.jupiter.api.Test
  void decode_jumpBeyondTheBand_takesTheTinyTransitionAsLibrosaDoes() {
    // certain voicing (p = 1) at bin 10, then at bin 200: 190 bins is outside the +-50 band, so
    // the best path needs one log(tiny) transition, which the dense matrix holds and a band alone does not
    PyinDecoder dec = new PyinDecoder(22050, 200, 800, 27, 111, 512, 100, 2, 18, 2, 0.1, 35.92, 0.01, 0.01);
    int n = dec.bins(), frames = 20;
    double[][] obs = new double[frames][n];
    double[] vp = new double[frames];
    for (int t = 0; t < frames; t++) {
      obs[t][t < 10 ? 10 : 200] = 1.0;
      vp[t] = 1.0;
    }
    int[] sparse = new int[frames];
    dec.decode(obs, vp, frames, sparse);
    int[] want = dense(obs, vp, n, 101, 0.01);
    assertThat(sparse).containsExactly(want);
    assertThat(want[9]).isEqualTo(10);
    assertThat(want[10]).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(longs = {5, 6, 7})
  void windowedTraceback_longRandomRuns_equalsFullBacktrack(long seed) {
    // 3000 frames (about 12 pointer chunks): voiced runs that wander, jump beyond the band, and
    // unvoiced stretches with no candidate at all, so merges happen at many lags
    PyinDecoder dec = new PyinDecoder(22050, 65, 2093, 10, 340, 512, 100, 2, 18, 2, 0.1, 35.92, 0.01, 0.01);
    int n = dec.bins();
    SplittableRandom rnd = new SplittableRandom(seed);
    PyinDecoder.Viterbi full = dec.viterbi(ViterbiBand.best(), false);
    PyinDecoder.Viterbi win = dec.viterbi(ViterbiBand.best(), true);
    int frames = 3000, center = n / 2;
    double[] o = new double[n];
    for (int t = 0; t < frames; t++) {
      java.util.Arrays.fill(o, 0.0);
      double vp = 0;
      if ((t / 150) % 3 != 2) { // two runs voiced, one silent
        center = rnd.nextInt(20) == 0 ? rnd.nextInt(n) : Math.floorMod(center + rnd.nextInt(-6, 7), n);
        int k = 1 + rnd.nextInt(3);
        double left = 1;
        for (int c = 0; c < k; c++) {
          int b = c == 0 ? center : rnd.nextInt(n);
          double p = left * rnd.nextDouble() * 0.9;
          o[b] += p;
          left -= p;
          vp += p;
        }
      }
      full.push(o, Math.min(1, vp));
      win.push(o, Math.min(1, vp));
    }
    int[] want = new int[frames], got = new int[frames];
    full.backtrack(want);
    win.backtrack(got);
    assertThat(got).containsExactly(want);
    assertThat(win.decidedFrames()).isGreaterThan(frames - 300);
    assertThat(win.pointerBytes()).isLessThan(full.pointerBytes() / 4);
  }

  /** librosa 0.11 pyin + sequence.viterbi, dense: log(kron(loop, local) + tiny). */
  static int[] dense(double[][] obs, double[] vp, int n, int width, double switchProb) {
    double tiny = Double.MIN_NORMAL;
    int half = width / 2, s2 = 2 * n, frames = obs.length;
    double[] tri = PyinDecoder.triang(width);
    double[][] local = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = Math.max(0, i - half); j <= Math.min(n - 1, i + half); j++) local[i][j] = tri[j - i + half];
      double sum = NumpySum.pairwise(local[i], 0, n);
      for (int j = 0; j < n; j++) local[i][j] /= sum;
    }
    double stay = 1 - switchProb, sw = (1.0 - stay) / 1;
    double[][] lt = new double[s2][s2];
    for (int i = 0; i < s2; i++) {
      for (int j = 0; j < s2; j++) {
        double f = ((i < n) == (j < n)) ? stay : sw;
        lt[i][j] = Math.log(f * local[i % n][j % n] + tiny);
      }
    }
    double[][] lp = new double[frames][s2];
    for (int t = 0; t < frames; t++) {
      for (int j = 0; j < s2; j++) lp[t][j] = Math.log((j < n ? obs[t][j] : (1 - vp[t]) / n) + tiny);
    }
    double init = Math.log(1.0 / s2 + tiny);
    double[][] value = new double[frames][s2];
    int[][] ptr = new int[frames][s2];
    for (int j = 0; j < s2; j++) value[0][j] = lp[0][j] + init;
    for (int t = 1; t < frames; t++) {
      for (int j = 0; j < s2; j++) {
        int arg = 0;
        double best = value[t - 1][0] + lt[0][j];
        for (int i = 1; i < s2; i++) {
          double c = value[t - 1][i] + lt[i][j];
          if (c > best) {
            best = c;
            arg = i;
          }
        }
        ptr[t][j] = arg;
        value[t][j] = lp[t][j] + best;
      }
    }
    int[] state = new int[frames];
    for (int i = 1; i < s2; i++) if (value[frames - 1][i] > value[frames - 1][state[frames - 1]]) state[frames - 1] = i;
    for (int t = frames - 2; t >= 0; t--) state[t] = ptr[t + 1][state[t + 1]];
    return state;
  }
}
