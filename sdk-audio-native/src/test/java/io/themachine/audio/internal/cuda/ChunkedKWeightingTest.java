package io.themachine.audio.internal.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The CUDA loudness kernel's parallelisation is exact: each chunk filtered from zero state a
 * warm-up earlier gives the same 100 ms sub-block energies as one serial K-weighting filter over
 * the whole channel, to double precision (1e-12 relative per sub-block), at every rate the meter
 * supports; the per-chunk true peaks reduce to the whole-signal Annex 2 true peak exactly. The
 * serial filter here is written out independently (same cascade, BS.1770-4 Annex 1). A too-short
 * warm-up fails the same check, so the check can fail.
 */
class ChunkedKWeightingTest {
  /**
   * Relative agreement per sub-block at 48 kHz: double rounding, with margin. The chunks and the
   * serial filter differ only in how rounding entered their states; the RLB high-pass's states
   * exceed its output by about {@code (fs / f0)^2} for low-frequency content, so that rounding
   * difference (in the serial filter as much as in the chunks) grows with the square of the rate:
   * the bound is scaled by {@code (fs / 48000)^2} above 48 kHz (1.6e-11 at 192 kHz, i.e. 7e-11 LU).
   */
  static final double EXACT = 1e-12;

  static double bound(int fs) {
    double s = Math.max(1.0, fs / 48000.0);
    return EXACT * s * s;
  }

  /** Serial transposed-direct-form-II cascade over the whole channel, sums per sub-block. */
  static double[] serial(float[] x, double[] k, int sub) {
    double s1 = 0, s2 = 0, t1 = 0, t2 = 0;
    double[] out = new double[(x.length + sub - 1) / sub];
    for (int i = 0; i < x.length; i++) {
      double xv = Float.isFinite(x[i]) ? x[i] : 0.0;
      double y1 = k[0] * xv + s1;
      s1 = k[1] * xv - k[3] * y1 + s2;
      s2 = k[2] * xv - k[4] * y1;
      double y = y1 + t1;
      t1 = -2.0 * y1 - k[5] * y + t2;
      t2 = y1 - k[6] * y;
      out[i / sub] += y * y;
    }
    return out;
  }

  /** Programme-like test signal: noise bursts, a low tone (exercises the high-pass), silence, a DC step. */
  static float[] signal(int fs, double seconds, long seed) {
    int n = (int) (fs * seconds);
    float[] x = new float[n];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      double t = (double) i / fs;
      double env = (i / (fs / 2)) % 3 == 0 ? 0.0 : 0.5; // on-off every half second
      double v = env * (r.nextDouble() * 2 - 1) + 0.3 * Math.sin(2 * Math.PI * 40 * t) + (t > seconds / 2 ? 0.25 : 0.0);
      x[i] = (float) v;
    }
    return x;
  }

  static double maxRelError(double[] got, double[] want) {
    double worst = 0;
    double scale = 0;
    for (double w : want) scale = Math.max(scale, w);
    for (int i = 0; i < want.length; i++) {
      // Relative per sub-block; near-silent sub-blocks are judged against 1e-9 of the loudest one.
      double den = Math.max(Math.abs(want[i]), 1e-9 * scale);
      worst = Math.max(worst, Math.abs(got[i] - want[i]) / den);
    }
    return worst;
  }

  @ParameterizedTest
  @ValueSource(ints = {8000, 44100, 48000, 96000, 192000})
  void subBlockEnergies_chunkedWithWarmUp_equalSerialFilter(int fs) {
    double[] k = KCoefficients.forRate(fs);
    ChunkPlan plan = ChunkPlan.of(fs, k, CudaLoudness.SUBS_PER_CHUNK);
    float[] x = signal(fs, 7.37, fs); // a partial last chunk and sub-block
    double[] want = serial(x, k, plan.sub());
    double[] got = new double[(int) plan.subBlocksWithTail(x.length)];
    ChunkedKWeighting.subBlockEnergies(x, x.length, k, plan, got);
    assertThat(got).hasSameSizeAs(want);
    assertThat(plan.chunks(x.length)).isGreaterThan(3);
    assertThat(maxRelError(got, want)).as("fs %d, warm-up %d", fs, plan.warmUp()).isLessThan(bound(fs));
  }

  @Test
  void subBlockEnergies_shortWarmUp_failsTheSameCheck() {
    int fs = 48000;
    double[] k = KCoefficients.forRate(fs);
    float[] x = signal(fs, 5.0, 7);
    int sub = (fs + 5) / 10;
    double[] want = serial(x, k, sub);
    double[] got = new double[want.length];
    ChunkedKWeighting.subBlockEnergies(x, x.length, k, sub, CudaLoudness.SUBS_PER_CHUNK, 256, got);
    assertThat(maxRelError(got, want)).isGreaterThan(1e-6);
  }

  @Test
  void warmUp_growsWithRate_andIsAtLeast8192() {
    assertThat(ChunkPlan.warmUpFrames(KCoefficients.forRate(48000))).isEqualTo(10240);
    assertThat(ChunkPlan.warmUpFrames(KCoefficients.forRate(44100))).isEqualTo(10240);
    assertThat(ChunkPlan.warmUpFrames(KCoefficients.forRate(8000))).isEqualTo(8192);
    int w192 = ChunkPlan.warmUpFrames(KCoefficients.forRate(192000));
    assertThat(w192).isGreaterThan(4 * 5500).isLessThan(64 * 1024);
    // The high-pass pole radius at 48 kHz, from the Recommendation's table (a2 of the RLB stage 0.99007225).
    assertThat(ChunkPlan.poleRadius(KCoefficients.forRate(48000)[5], KCoefficients.forRate(48000)[6]))
        .isCloseTo(Math.sqrt(0.99007225036621), org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void coefficients_at48k_matchBs1770Table1() {
    // ITU-R BS.1770-4 Annex 1, Tables 1 and 2 (48 kHz).
    double[] k = KCoefficients.forRate(48000);
    double[] table = {1.53512485958697, -2.69169618940638, 1.19839281085285, -1.69065929318241, 0.73248077421585,
        -1.99004745483398, 0.99007225036621};
    for (int i = 0; i < 7; i++) assertThat(k[i]).as("coefficient %d", i).isCloseTo(table[i], org.assertj.core.data.Offset.offset(1e-8));
  }

  @Test
  void truePeak_maxOverChunks_equalsWholeSignal() {
    int fs = 48000;
    ChunkPlan plan = ChunkPlan.of(fs, KCoefficients.forRate(fs), CudaLoudness.SUBS_PER_CHUNK);
    float[] x = signal(fs, 3.3, 11);
    // An inter-sample peak at a chunk boundary: fs/4 tone at 45 degrees, crest between samples.
    int b = plan.chunkFrames();
    for (int i = b - 20; i < b + 20; i++) x[i] = (float) (0.9 * Math.sin(Math.PI / 2 * i + Math.PI / 4));
    double whole = ChunkedKWeighting.chunkTruePeak(x, x.length, new ChunkPlan(plan.sub(), 1 << 20, plan.warmUp()), 0);
    assertThat(ChunkedKWeighting.truePeak(x, x.length, plan)).isEqualTo(whole);
    // The last chunk includes the filter's tail: a full-scale step at the very end rings after it.
    float[] end = new float[plan.chunkFrames() + 5];
    end[end.length - 1] = 1.0f;
    double tail = ChunkedKWeighting.truePeak(end, end.length, plan);
    assertThat(tail).isGreaterThan(0.97).isLessThanOrEqualTo(1.0); // max tap 0.97217 of the Annex 2 table
  }

  @Test
  void nonFinite_samples_countAsZero() {
    int fs = 48000;
    double[] k = KCoefficients.forRate(fs);
    ChunkPlan plan = ChunkPlan.of(fs, k, CudaLoudness.SUBS_PER_CHUNK);
    float[] x = signal(fs, 2.0, 3);
    float[] z = x.clone();
    x[1000] = Float.NaN;
    x[50000] = Float.POSITIVE_INFINITY;
    z[1000] = 0f;
    z[50000] = 0f;
    double[] a = new double[(int) plan.subBlocksWithTail(x.length)], c = a.clone();
    ChunkedKWeighting.subBlockEnergies(x, x.length, k, plan, a);
    ChunkedKWeighting.subBlockEnergies(z, z.length, k, plan, c);
    assertThat(a).containsExactly(c);
  }
}
