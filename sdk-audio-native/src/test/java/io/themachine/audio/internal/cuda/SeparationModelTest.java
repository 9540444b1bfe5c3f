package io.themachine.audio.internal.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The index math of {@code separation.cu} as mirrored in {@link HpssModel}, without a GPU:
 * reflect indexing, the two median selections (register counting, radix) against
 * {@code scipy.ndimage.median_filter(mode='reflect')} itself (fixture {@code scipy/scipy_median.csv},
 * made by the committed {@code make_scipy_median.py} with Debian's scipy 1.10.1; bit-exact), the
 * REPET-SIM neighbour keys and top-k radix select against a sort, the overlap-add frame ranges
 * against brute force, and the CPU HPSS path the device pipeline is held to: within 1e-5 of HPSS
 * written out in numpy/scipy after librosa (fixture {@code scipy/hpss_reference.csv} and its
 * committed {@code make_hpss_reference.py}), stems summing to the input within 1e-5, the harmonic
 * stem of tone + clicks the tone within 0.1 relative.
 */
class SeparationModelTest {
  record Fixture(float[][] input, Map<String, float[][]> outputs) {}

  static Fixture fixture;

  @BeforeAll
  static void load() throws Exception {
    List<float[]> in = new ArrayList<>();
    Map<String, List<float[]>> out = new LinkedHashMap<>();
    try (var r = new BufferedReader(new InputStreamReader(SeparationModelTest.class.getResourceAsStream("scipy/scipy_median.csv"),
        StandardCharsets.US_ASCII))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("#")) continue;
        String[] f = line.split(",");
        boolean input = f[0].equals("input");
        int skip = input ? 2 : 3;
        float[] v = new float[f.length - skip];
        for (int i = 0; i < v.length; i++) v[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(f[i + skip], 16));
        if (input) in.add(v);
        else out.computeIfAbsent(f[0] + "," + f[1], k -> new ArrayList<>()).add(v);
      }
    }
    Map<String, float[][]> o = new LinkedHashMap<>();
    out.forEach((k, v) -> o.put(k, v.toArray(float[][]::new)));
    fixture = new Fixture(in.toArray(float[][]::new), o);
    assertThat(fixture.input()).hasNumberOfRows(9);
    assertThat(o).hasSize(32);
  }

  static float[] flat(float[][] m) {
    float[] f = new float[m.length * m[0].length];
    for (int r = 0; r < m.length; r++) System.arraycopy(m[r], 0, f, r * m[0].length, m[0].length);
    return f;
  }

  @Test
  void reflect_matchesStepwiseMirroring_forWindowsLongerThanTheAxis() {
    for (int n = 1; n <= 9; n++) {
      for (int i = -70; i <= 70; i++) {
        int m = i;
        while (m < 0 || m >= n) m = m < 0 ? -1 - m : 2 * n - 1 - m; // d c b a | a b c d | d c b a
        assertThat(HpssModel.reflect(i, n)).as("i=%d n=%d", i, n).isEqualTo(m);
      }
    }
  }

  @Test
  void medianSelections_matchScipyReflect_bitForBit() {
    float[] x = flat(fixture.input());
    int rows = 9, cols = 23;
    fixture.outputs().forEach((key, want) -> {
      boolean time = key.startsWith("time");
      int w = Integer.parseInt(key.substring(key.indexOf(',') + 1));
      float[] got = new float[x.length];
      float[] scratch = new float[w];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          int n = time ? cols : rows, i = time ? c : r, stride = time ? 1 : cols, base = time ? r * cols : c;
          float v = want[r][c];
          // radix path (any width), straight from the "global" line
          assertThat(HpssModel.radixSelectWindow(x, base, n, stride, i - w / 2, w, w / 2)).as("%s radix r=%d c=%d", key, r, c).isEqualTo(v);
          if (w <= 64) {
            // register path: the tile holds the reflected window contiguously (stride 1 here; the kernel's strided tile is equivalent)
            float[] tile = new float[w];
            for (int j = 0; j < w; j++) tile[j] = x[base + HpssModel.reflect(i - w / 2 + j, n) * stride];
            assertThat(HpssModel.selectRank(tile, 0, 1, w, w / 2, w <= 32 ? 32 : 64)).as("%s count r=%d c=%d", key, r, c).isEqualTo(v);
          }
        }
      }
      for (int l = 0; l < (time ? rows : cols); l++) {
        if (time) HpssModel.medianLine(x, l * cols, cols, 1, w, got, l * cols, scratch);
        else HpssModel.medianLine(x, l, rows, cols, w, got, l, scratch);
      }
      assertThat(got).as("%s sort reference", key).containsExactly(flat(want));
    });
  }

  @Test
  void orderedKey_preservesOrder_andRoundTrips() {
    float[] v = {Float.NEGATIVE_INFINITY, -3.5f, -1e-30f, -Float.MIN_VALUE, 0f, Float.MIN_VALUE, 1e-30f, 1f, 2.5e30f, Float.POSITIVE_INFINITY};
    for (int i = 0; i < v.length; i++) {
      assertThat(HpssModel.keyFloat(HpssModel.orderedKey(v[i]))).isEqualTo(v[i]);
      if (i > 0) assertThat(HpssModel.orderedKey(v[i])).as("%s < %s", v[i - 1], v[i]).isGreaterThan(HpssModel.orderedKey(v[i - 1]));
    }
  }

  @Test
  void repetNeighbours_matchSortedTopK_withTiesToTheLowerIndex() {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      int frames = 1 + rnd.nextInt(80);
      float[] sim = new float[frames];
      for (int j = 0; j < frames; j++) sim[j] = rnd.nextInt(6) == 0 ? 0f : (rnd.nextInt(8) - 2) / 5f; // many ties, negatives, zeros
      if (frames > 3) sim[2] = -0.0f; // compares equal to +0
      int t = rnd.nextInt(frames), k = rnd.nextInt(12), minD = rnd.nextInt(4), maxD = rnd.nextInt(3) == 0 ? rnd.nextInt(20) : 0;
      List<Integer> cand = new ArrayList<>();
      for (int j = 0; j < frames; j++) {
        int d = Math.abs(t - j);
        if (d >= minD && (maxD <= 0 || d <= maxD)) cand.add(j);
      }
      cand.sort(Comparator.<Integer>comparingDouble(j -> -(sim[j] + 0.0f)).thenComparingInt(j -> j)); // + 0f: -0 and +0 equal, as the kernel
      int[] want = cand.subList(0, Math.min(k, cand.size())).stream().mapToInt(Integer::intValue).sorted().toArray();
      assertThat(HpssModel.repetNeighbours(sim, t, k, minD, maxD)).as("trial %d t=%d k=%d", trial, t, k).containsExactly(want);
    }
  }

  @Test
  void olaFrames_coverExactlyTheFramesTouchingEachSample() {
    for (int[] c : new int[][] {{64, 16, 20}, {2048, 512, 7}, {9, 4, 5}, {8, 8, 3}, {10, 3, 1}}) {
      int nFft = c[0], hop = c[1], frames = c[2];
      for (boolean center : new boolean[] {true, false}) {
        long n = (long) nFft + (long) hop * (frames - 1) + 5;
        for (long i = 0; i < n; i++) {
          long p = i + (center ? nFft / 2 : 0);
          long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
          for (int t = 0; t < frames; t++) {
            if ((long) t * hop <= p && p < (long) t * hop + nFft) {
              lo = Math.min(lo, t);
              hi = Math.max(hi, t);
            }
          }
          long[] got = HpssModel.olaFrames(i, nFft, hop, frames, center);
          if (lo > hi) assertThat(got[0]).as("i=%d", i).isGreaterThan(got[1]);
          else assertThat(got).as("nFft=%d hop=%d i=%d", nFft, hop, i).containsExactly(lo, hi);
        }
      }
    }
  }

  static float[][] toneAndClicks(int n, int channels) {
    float[] mix = new float[n * channels], tone = new float[n * channels];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < channels; c++) {
        float s = (float) (0.3 * Math.sin(2 * Math.PI * (440 + 110 * c) * i / 22050.0));
        float click = i % 2205 < 3 ? 0.8f * (1 - (i % 2205) / 3f) : 0f;
        tone[i * channels + c] = s;
        mix[i * channels + c] = s + click;
      }
    }
    return new float[][] {mix, tone};
  }

  @Test
  void separate_stemsSumToInput_andHarmonicIsTheTone() {
    float[][] sig = toneAndClicks(22050, 2);
    CudaHpss.Params p = CudaHpss.Params.librosa(1024, 256, 31);
    float[][] stems = HpssModel.separate(p, sig[0], 2);
    double err = 0, e = 0, s = 0;
    for (int i = 0; i < sig[0].length; i++) {
      err = Math.max(err, Math.abs(stems[0][i] + stems[1][i] - sig[0][i]));
      if (i / 2 > 2048 && i / 2 < 22050 - 2048) { // away from the edges
        double d = stems[0][i] - sig[1][i];
        e += d * d;
        s += (double) sig[1][i] * sig[1][i];
      }
    }
    assertThat(err).as("harmonic + percussive = input").isLessThan(1e-5);
    assertThat(Math.sqrt(e / s)).as("harmonic stem vs the tone").isLessThan(0.1);
  }

  @Test
  void separate_matchesNumpyScipyHpss_within1e5() throws Exception {
    int n = 3000;
    float[] x = new float[2 * n];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 2; c++) {
        double v = 0.4 * Math.sin(2 * Math.PI * (0.031 + 0.007 * c) * i) + 0.3 * Math.sin(2 * Math.PI * 0.173 * i + c);
        int m = i % 700;
        if (m < 24) v += 0.8 * Math.exp(-m / 4.0);
        x[2 * i + c] = (float) v;
      }
    }
    float[][] got = HpssModel.separate(new CudaHpss.Params(256, 64, 17, 9, 2.0, 1f, 1f, false), x, 2);
    int rows = 0;
    double worst = 0;
    try (var r = new BufferedReader(new InputStreamReader(SeparationModelTest.class.getResourceAsStream("scipy/hpss_reference.csv"),
        StandardCharsets.US_ASCII))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("#")) continue;
        String[] f = line.split(",");
        float[] stem = f[0].equals("harmonic") ? got[0] : got[1];
        int c = Integer.parseInt(f[1]);
        assertThat(f.length - 2).isEqualTo(n);
        for (int i = 0; i < n; i++) {
          float want = Float.intBitsToFloat(Integer.parseUnsignedInt(f[i + 2], 16));
          worst = Math.max(worst, Math.abs(stem[2 * i + c] - want));
        }
        rows++;
      }
    }
    assertThat(rows).isEqualTo(4);
    System.out.printf("CPU HPSS path vs numpy/scipy reference: max |diff| %.3g%n", worst);
    assertThat(worst).as("max |CPU path - numpy/scipy HPSS| over both stems and channels").isLessThan(1e-5);
  }

  @Test
  void separate_withMargins_residualIsInputMinusStems() {
    float[][] sig = toneAndClicks(11025, 2);
    float[][] stems = HpssModel.separate(new CudaHpss.Params(512, 128, 31, 17, 2.0, 3f, 2f, false), sig[0], 2);
    assertThat(stems[2]).as("margins above 1 leave a residual").isNotNull();
    double err = 0, res = 0;
    for (int i = 0; i < sig[0].length; i++) {
      err = Math.max(err, Math.abs(sig[0][i] - stems[0][i] - stems[1][i] - stems[2][i]));
      res = Math.max(res, Math.abs(stems[2][i]));
    }
    // istft is linear and reproduces x, so istft(X (1 - mh - mp)) = x - h - p: what hpss_residual computes
    assertThat(err).isLessThan(1e-5);
    assertThat(res).as("the residual is not empty").isGreaterThan(0.01);
    assertThat(HpssModel.separate(CudaHpss.Params.librosa(512, 128, 31), sig[0], 2)[2]).isNull();
  }

  @Test
  void inBlocks_withContext_equalsTheWholeSignal() {
    float[][] sig = toneAndClicks(40000, 2);
    for (CudaHpss.Params p : new CudaHpss.Params[] {CudaHpss.Params.librosa(1024, 256, 31), new CudaHpss.Params(512, 128, 17, 9, 1.0, 2f, 1f, false)}) {
      float[][] whole = HpssModel.separate(p, sig[0], 2);
      for (long block : new long[] {4096, 7777, 40000}) {
        float[][] blocks = CudaHpss.inBlocks(p, sig[0], 2, block, chunk -> HpssModel.separate(p, chunk, 2));
        for (int s = 0; s < 3; s++) {
          if (whole[s] == null) {
            assertThat(blocks[s]).isNull();
            continue;
          }
          double d = 0;
          for (int i = 0; i < whole[s].length; i++) d = Math.max(d, Math.abs(whole[s][i] - blocks[s][i]));
          assertThat(d).as("%s block %d stem %d", p, block, s).isLessThan(1e-6);
        }
      }
    }
  }

  @Test
  void inBlocks_tooLittleContext_differs() {
    // negative control: the same loop with a context of one hop is visibly wrong
    float[][] sig = toneAndClicks(20000, 1);
    CudaHpss.Params p = CudaHpss.Params.librosa(1024, 256, 31);
    float[] whole = HpssModel.separate(p, sig[0], 1)[0];
    CudaHpss.Params shortCtx = CudaHpss.Params.librosa(1024, 256, 1); // context() follows the harmonic width
    float[] blocks = CudaHpss.inBlocks(shortCtx, sig[0], 1, 4096, chunk -> HpssModel.separate(p, chunk, 1))[0];
    double d = 0;
    for (int i = 0; i < whole.length; i++) d = Math.max(d, Math.abs(whole[i] - blocks[i]));
    assertThat(d).isGreaterThan(1e-3);
  }

  @Test
  void softMask_followsLibrosa() {
    assertThat(HpssModel.softMask(3f, 1f, 2.0, false)).isCloseTo(0.9f, within(1e-7f));
    assertThat(HpssModel.softMask(0f, 0f, 2.0, true)).isEqualTo(0.5f);
    assertThat(HpssModel.softMask(0f, 0f, 2.0, false)).isEqualTo(0f);
    assertThat(HpssModel.softMask(2f, 1f, Double.POSITIVE_INFINITY, true)).isEqualTo(1f);
    assertThat(HpssModel.softMask(0f, 0f, Double.POSITIVE_INFINITY, true)).as("librosa's hard mask has no zero rule").isEqualTo(0f);
  }
}
