package io.themachine.audio.internal.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themachine.audio.separation.ModelCard;
import io.themachine.audio.separation.ModelCard.Fade;
import io.themachine.audio.separation.ModelException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The overlap-add engine on a pure-Java graph (no libtorch): a per-stem gain with a 3-tap FIR, so
 * every correct chunking gives back exactly the filtered input. Awkward lengths (1, 207, 4096,
 * 48001) catch tail handling.
 */
class ChunkedSeparatorTest {
  static final float[] GAINS = {0.5f, -1.25f};

  /** [B, C, L] -> [B, 2, C, L]: stem s = GAINS[s] * (0.25 x[i-1] + 0.5 x[i] + 0.25 x[i+1]), zero outside the chunk. */
  static final class FirGraph implements TensorGraph {
    final Arena arena = Arena.ofConfined();
    MemorySegment in, out;

    @Override public MemorySegment input(long floats) {
      if (in == null || in.byteSize() < floats * 4) in = arena.allocate(floats * 4);
      return in.asSlice(0, floats * 4);
    }

    @Override public MemorySegment forward(long[] shape, long expect) {
      int b = (int) shape[0], c = (int) shape[1], l = (int) shape[2];
      assertThat(expect).isEqualTo((long) b * 2 * c * l);
      out = arena.allocate(expect * 4);
      for (int j = 0; j < b; j++) {
        for (int ch = 0; ch < c; ch++) {
          long base = ((long) j * c + ch) * l;
          for (int i = 0; i < l; i++) {
            float prev = i > 0 ? in.getAtIndex(ValueLayout.JAVA_FLOAT, base + i - 1) : 0;
            float next = i < l - 1 ? in.getAtIndex(ValueLayout.JAVA_FLOAT, base + i + 1) : 0;
            float v = 0.25f * prev + 0.5f * in.getAtIndex(ValueLayout.JAVA_FLOAT, base + i) + 0.25f * next;
            for (int s = 0; s < 2; s++) out.setAtIndex(ValueLayout.JAVA_FLOAT, (((long) j * 2 + s) * c + ch) * l + i, GAINS[s] * v);
          }
        }
      }
      return out;
    }

    @Override public void threads(int n) {}

    @Override public void close() {
      arena.close();
    }
  }

  static ModelCard card(int segment, int context) {
    return ModelCard.parse("""
        {"format": "themachine-separation-card/1", "sample_rate": 8000, "channels": 2, "stems": ["a", "b"],
         "segment": %d, "context": %d}""".formatted(segment, context));
  }

  static float[][][] run(float[][] x, int segment, int context, double overlap, Fade fade, int batch, int shifts,
      boolean residual, int block) {
    int n = x[0].length;
    float[][][] got = new float[residual ? 3 : 2][2][n];
    int[] at = {0};
    try (FirGraph g = new FirGraph()) {
      ModelCard card = card(segment, context);
      var sep = new ChunkedSeparator(ChunkModel.of(g, card, segment), 8000, 2, 2, segment, context, overlap, fade, batch,
          shifts, 3, 0, 1, residual, false, null, (stems, k) -> {
            for (int s = 0; s < stems.length; s++) for (int c = 0; c < 2; c++) System.arraycopy(stems[s][c], 0, got[s][c], at[0], k);
            at[0] += k;
          });
      for (int off = 0; off < n; off += block) sep.feed(x, off, Math.min(block, n - off)); // feed() takes an offset
      sep.finish();
      assertThat(sep.delivered()).isEqualTo(n);
    }
    assertThat(at[0]).isEqualTo(n);
    return got;
  }

  static float[][] noise(int n) {
    SplittableRandom r = new SplittableRandom(n);
    float[][] x = new float[2][n];
    for (float[] c : x) for (int i = 0; i < n; i++) c[i] = (float) (r.nextDouble() - 0.5);
    return x;
  }

  @ParameterizedTest
  @CsvSource({
      "1, 100, 2, 0.25, TRIANGLE, 1, 0, 4096",
      "207, 100, 2, 0.25, TRIANGLE, 1, 0, 50",
      "4096, 300, 1, 0.5, HANN, 3, 0, 1000",
      "48001, 1000, 8, 0.75, RECTANGLE, 4, 0, 4096",
      "48001, 999, 1, 0.0, TRIANGLE, 2, 0, 333",
      "4096, 300, 1, 0.5, HANN, 2, 3, 777",
      "207, 64, 5, 0.1, HANN, 1, 2, 7"})
  void feed_anyChunking_equalsWholeFilter(int n, int segment, int context, double overlap, Fade fade, int batch,
      int shifts, int block) {
    float[][] x = noise(n);
    float[][][] got = run(x, segment, context, overlap, fade, batch, shifts, true, block);
    for (int s = 0; s < 2; s++) {
      for (int c = 0; c < 2; c++) {
        for (int i = 0; i < n; i++) {
          double prev = i > 0 ? x[c][i - 1] : 0, next = i < n - 1 ? x[c][i + 1] : 0;
          double want = GAINS[s] * (0.25 * prev + 0.5 * x[c][i] + 0.25 * next);
          assertThat((double) got[s][c][i]).as("stem %d ch %d frame %d", s, c, i).isCloseTo(want, org.assertj.core.api.Assertions.within(1e-6));
          assertThat((double) got[2][c][i]).isCloseTo(x[c][i] - got[0][c][i] - got[1][c][i], org.assertj.core.api.Assertions.within(1e-6));
        }
      }
    }
  }

  @Test
  void weights_triangle_isDemucsWeight() {
    // Demucs: cat(arange(1, 3), arange(3, 0, -1)) / 3 for n = 5 (n//2 = 2, n - n//2 = 3)
    assertThat(ChunkedSeparator.weights(Fade.TRIANGLE, 5)).containsExactly(1 / 3.0, 2 / 3.0, 1, 2 / 3.0, 1 / 3.0);
    assertThat(ChunkedSeparator.weights(Fade.HANN, 4)[0]).isCloseTo(0.5 - 0.5 * Math.cos(Math.PI / 4), org.assertj.core.api.Assertions.within(1e-15));
  }

  @Test
  void splitMix64_seed7_matchesPythonTwin() {
    // make_fixtures.py: SplitMix64(7).next() twice
    var r = new ChunkedSeparator.SplitMix64(7);
    assertThat(r.next()).isEqualTo(0x63cbe1e459320dd7L);
    assertThat(r.next()).isEqualTo(0x044c3cd7f43c661cL);
  }

  @Test
  void feed_infinity_throwsWithFrame() {
    float[][] x = noise(100);
    x[1][42] = Float.POSITIVE_INFINITY;
    assertThatThrownBy(() -> run(x, 50, 2, 0.25, Fade.TRIANGLE, 1, 0, false, 100)).isInstanceOf(ModelException.class)
        .hasMessage("separate: input sample is NaN or infinite (channel 1, frame 42)");
  }
}
