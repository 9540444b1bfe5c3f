package io.themachine.audio.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.themachine.audio.Backend;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The tile engine: vector against scalar (bit for bit), and against the per-output dot products. */
class PolyphaseBlocksTest {

  private static final PolyphaseDesign[] DESIGNS = {
      PolyphaseDesign.torchaudio(44100, 16000, 6, 0.99), PolyphaseDesign.kaiser(44100, 16000, 0.85, 120),
      PolyphaseDesign.torchaudio(16000, 44100, 6, 0.99), PolyphaseDesign.kaiser(48000, 22050, 0.85, 120),
      PolyphaseDesign.torchaudio(8000, 8000, 6, 0.99)};

  private static float[] noise(int n) {
    SplittableRandom r = new SplittableRandom(7);
    float[] x = new float[n];
    for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
    return x;
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void blocks_vectorVsScalar_bitIdentical(boolean single) {
    var a = Backend.VECTOR.availability();
    org.junit.jupiter.api.Assumptions.assumeTrue(a.available(), a.reason());
    float[] x = noise(20011); // awkward length: a short last tile
    for (PolyphaseDesign d : DESIGNS) {
      PolyphaseBlocks vector = PolyphaseBlocks.best(d, single);
      assertThat(vector.getClass().getSimpleName()).isEqualTo("VectorPolyphaseBlocks");
      float[] s = run(new PolyphaseResampler(d, DotKernel.SCALAR, new ScalarPolyphaseBlocks(d, single)), x);
      float[] v = run(new PolyphaseResampler(d, DotKernel.SCALAR, vector), x);
      assertThat(v).containsExactly(s);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void blocks_vsPerOutputDoubleDot_withinRounding(boolean single) {
    float[] x = noise(20011);
    for (PolyphaseDesign d : DESIGNS) {
      float[] ref = run(new PolyphaseResampler(d, DotKernel.SCALAR), x);
      float[] got = run(new PolyphaseResampler(d, single), x);
      assertThat(got).hasSameSizeAs(ref);
      double max = 0;
      for (int i = 0; i < got.length; i++) max = Math.max(max, Math.abs(got[i] - ref[i]));
      // double: only the summation order differs, the float32 output rounding can flip one ulp;
      // float32 accumulation over up to 300 taps of unit-level noise: a few 1e-7
      assertThat(max).isLessThan(single ? 2e-6 : 1.2e-7);
    }
  }

  private static float[] run(PolyphaseResampler p, float[] x) {
    float[] out = new float[(int) p.outputLength(x.length)];
    int w = 0;
    for (int pos = 0; pos < x.length; pos += 4093) w += p.process(x, pos, Math.min(4093, x.length - pos), out, w);
    w += p.flush(out, w);
    assertThat(w).isEqualTo(out.length);
    return out;
  }
}
