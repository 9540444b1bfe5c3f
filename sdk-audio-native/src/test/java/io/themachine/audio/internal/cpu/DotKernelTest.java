package io.themachine.audio.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.themachine.audio.Backend;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Vector API kernel against the scalar reference. */
class DotKernelTest {

  @Test
  void best_withIncubatorModule_isTheVectorKernel() {
    var a = Backend.VECTOR.availability();
    org.junit.jupiter.api.Assumptions.assumeTrue(a.available(), a.reason());
    assertThat(DotKernel.best().getClass().getSimpleName()).isEqualTo("VectorDotKernel");
  }

  @Test
  void resample_vectorVsScalar_within1e12() {
    SplittableRandom r = new SplittableRandom(7);
    float[] x = new float[20011];
    for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
    for (PolyphaseDesign d : new PolyphaseDesign[] {
        PolyphaseDesign.torchaudio(44100, 16000, 6, 0.99), PolyphaseDesign.kaiser(44100, 16000, 0.85, 120)}) {
      float[] a = run(new PolyphaseResampler(d, DotKernel.SCALAR), x);
      float[] b = run(new PolyphaseResampler(d, DotKernel.best()), x);
      assertThat(a).hasSameSizeAs(b);
      double max = 0;
      for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
      // only the summation order differs; the float32 output rounding can flip one ulp (6e-8)
      assertThat(max).isLessThan(1.2e-7);
    }
  }

  private static float[] run(PolyphaseResampler p, float[] x) {
    float[] out = new float[(int) p.outputLength(x.length)];
    int w = p.process(x, 0, x.length, out, 0);
    p.flush(out, w);
    return out;
  }
}
