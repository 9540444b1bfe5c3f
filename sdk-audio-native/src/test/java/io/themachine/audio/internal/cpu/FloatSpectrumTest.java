package io.themachine.audio.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.themachine.audio.dsp.MelNorm;
import io.themachine.audio.dsp.MelScale;
import io.themachine.audio.dsp.PadMode;
import io.themachine.audio.dsp.Window;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The float32 STFT engine: the Vector engine equals the scalar reference bit for bit (lane = frame,
 * same operations in the same order), and the scalar reference stays close to the float64 RealFft.
 */
class FloatSpectrumTest {
  private static final String NO_VECTOR = "Vector API not usable here (needs --add-modules jdk.incubator.vector)";

  /**
   * Float32 against float64, per bin, relative to the frame's largest power: the float FFT's
   * rounding error grows like eps sqrt(log n) times the frame's energy, 1e-6 leaves a margin of
   * about 10 over what n = 4096 shows.
   */
  static final double FLOAT_VS_DOUBLE = 1e-6;

  static float[] noise(int n, long seed) {
    Random rnd = new Random(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = (float) (0.3 * rnd.nextGaussian() + 0.5 * Math.sin(0.05 * i));
    return x;
  }

  static float[] hann(int n) {
    double[] w = Window.HANN.values(n, true);
    float[] f = new float[n];
    for (int i = 0; i < n; i++) f[i] = (float) w[i];
    return f;
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 6, 8, 10, 12, 16, 30, 48, 50, 64, 80, 240, 400, 512, 1000, 2048, 4096})
  void vectorEngine_interiorFrames_equalScalarBitForBit(int n) {
    FloatBatchRfft v = FloatBatchRfft.vector(n);
    assumeTrue(v != null, NO_VECTOR);
    FloatBatchRfft s = FloatBatchRfft.scalar(n);
    int lanes = v.lanes(), hop = Math.max(1, n / 4) + 1, bins = n / 2 + 1;
    float[] x = noise(n + hop * lanes + 3, n);
    float[] w = hann(n);
    float[] batch = new float[bins * lanes];
    v.load(x, 3, hop, w);
    v.forwardPower(batch);
    float[] one = new float[bins];
    MelFilterBank bank = new MelFilterBank(binHz(n, 16000), Math.min(40, bins / 2 + 1), 0, 8000, MelScale.SLANEY, MelNorm.SLANEY);
    float[] melBatch = new float[bank.nMels * lanes];
    v.applyMel(bank, batch, melBatch);
    float[] mel = new float[bank.nMels];
    for (int j = 0; j < lanes; j++) {
      s.load(x, 3 + j * hop, hop, w);
      s.forwardPower(one);
      for (int k = 0; k < bins; k++) {
        assertThat(Float.floatToRawIntBits(batch[k * lanes + j])).as("n=%d lane %d bin %d", n, j, k)
            .isEqualTo(Float.floatToRawIntBits(one[k]));
      }
      s.applyMel(bank, one, mel);
      for (int m = 0; m < bank.nMels; m++) assertThat(melBatch[m * lanes + j]).as("lane %d band %d", j, m).isEqualTo(mel[m]);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 6, 10, 16, 30, 48, 240, 400, 512, 1000, 2048, 4096})
  void scalarEngine_randomFrame_matchesDoubleRealFftWithinOneE6OfFrameMax(int n) {
    float[] x = noise(n, 3L * n);
    float[] w = hann(n);
    FloatBatchRfft s = FloatBatchRfft.scalar(n);
    float[] p32 = new float[n / 2 + 1];
    s.load(x, 0, 1, w);
    s.forwardPower(p32);
    double[] frame = new double[n];
    for (int i = 0; i < n; i++) frame[i] = (double) w[i] * x[i];
    RealFft fft = new RealFft(n, false);
    double[] re = new double[n / 2 + 1], im = new double[n / 2 + 1];
    fft.forward(frame, re, im);
    double max = 0;
    for (int k = 0; k <= n / 2; k++) max = Math.max(max, re[k] * re[k] + im[k] * im[k]);
    for (int k = 0; k <= n / 2; k++) {
      double want = re[k] * re[k] + im[k] * im[k];
      assertThat(Math.abs(p32[k] - want)).as("n=%d bin %d", n, k).isLessThan(FLOAT_VS_DOUBLE * max);
    }
  }

  @Test
  void supports_radices2And3And5Only() {
    assertThat(FloatBatchRfft.supports(2048)).isTrue();
    assertThat(FloatBatchRfft.supports(400)).isTrue();
    assertThat(FloatBatchRfft.supports(4)).isTrue();
    assertThat(FloatBatchRfft.supports(2047)).isFalse();
    assertThat(FloatBatchRfft.supports(14)).isFalse();
    assertThat(FloatBatchRfft.supports(2)).isFalse();
  }

  /** Batches and single frames of a kernel agree bit for bit, padded or not, any hop. */
  @ParameterizedTest
  @ValueSource(ints = {2048, 400, 512})
  void kernel_batchAndSingleFrames_agreeBitForBit(int n) {
    float[] x = noise(48001, n);
    int hop = n == 400 ? 160 : n / 4;
    double[] win = Window.HANN.values(n == 512 ? 400 : n, true);
    FloatSpectrumKernel k = new FloatSpectrumKernel(n, hop, win, true, PadMode.REFLECT);
    FloatSpectrumKernel ref = new FloatSpectrumKernel(n, hop, win, true, PadMode.REFLECT, false);
    assumeTrue(k.lanes() > 0, NO_VECTOR);
    assertThat(ref.lanes()).isZero();
    int bins = n / 2 + 1, lanes = k.lanes();
    float[] one = new float[bins];
    int batches = 0;
    for (int t0 = 0; t0 + lanes <= SpectrumKernel.frames(x.length, n, hop, true); t0 += lanes) {
      if (!k.powerBatch(x, 0, x.length, x.length, t0)) continue;
      batches++;
      for (int j = 0; j < lanes; j++) {
        ref.power(x, 0, x.length, x.length, t0 + j, one);
        for (int b = 0; b < bins; b++) assertThat(k.batchPower[b * lanes + j]).isEqualTo(one[b]);
      }
    }
    assertThat(batches).isGreaterThan(3);
  }

  @Test
  void decibels_logSpacedPowers_within2e5DbOfLog10() {
    for (double e = -14; e <= 8; e += 0.0007) {
      float p = (float) Math.pow(10, e);
      double want = 10 * Math.log10(Math.max(1e-10, p));
      assertThat(Math.abs(DecibelKernel.db(p) - want)).as("p=%s", p).isLessThan(2e-5);
    }
    assertThat(DecibelKernel.db(0f)).isEqualTo(DecibelKernel.db(1e-10f));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 15, 207, 4099})
  void decibels_vectorKernel_equalsScalarBitForBit(int n) {
    Random rnd = new Random(n);
    float[] p = new float[n];
    for (int i = 0; i < n; i++) p[i] = (float) Math.pow(10, -12 + 16 * rnd.nextDouble());
    if (n > 3) p[3] = 0f;
    float[] a = new float[n], b = new float[n];
    float ma = DecibelKernel.SCALAR.toDb(p, 0, a, 0, n);
    float mb = DecibelKernel.best().toDb(p, 0, b, 0, n);
    assertThat(b).isEqualTo(a);
    assertThat(mb).isEqualTo(ma);
  }

  @Test
  void cepstrum_vectorKernel_equalsScalarBitForBit() {
    CepstrumKernel v = CepstrumKernel.create();
    int lanes = v.lanes(), nIn = 128, nOut = 40;
    Random rnd = new Random(5);
    double[] dct = new double[nOut * nIn], lift = new double[nOut], db = new double[nIn * lanes];
    for (int i = 0; i < dct.length; i++) dct[i] = rnd.nextGaussian();
    for (int i = 0; i < nOut; i++) lift[i] = 1 + rnd.nextDouble();
    for (int i = 0; i < db.length; i++) db[i] = -80 * rnd.nextDouble();
    float[] out = new float[nOut * lanes];
    v.apply(dct, lift, nOut, nIn, db, out, 0, lanes);
    double[] col = new double[nIn];
    float[] one = new float[nOut];
    for (int j = 0; j < lanes; j++) {
      for (int b = 0; b < nIn; b++) col[b] = db[b * lanes + j];
      CepstrumKernel.SCALAR.apply(dct, lift, nOut, nIn, col, one, 0, 1);
      for (int k = 0; k < nOut; k++) assertThat(out[k * lanes + j]).as("frame %d coefficient %d", j, k).isEqualTo(one[k]);
    }
  }

  static double[] binHz(int n, int sr) {
    double[] f = new double[n / 2 + 1];
    for (int k = 0; k < f.length; k++) f[k] = k * (double) sr / n;
    return f;
  }
}
