package io.themachine.audio.internal.torch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The stem FIFO keeps order across memory, the spill file and back, whatever the block sizes. */
class SpillQueueTest {
  @Test
  void pushPop_pastTheMemoryLimit_keepsOrderAndSpills() {
    int channels = 2;
    try (SpillQueue q = new SpillQueue(channels, 1000)) {
      long pushed = 0, popped = 0;
      float[][] block = new float[channels][777];
      float[][] out = new float[channels][500];
      for (int round = 0; round < 40; round++) {
        int n = 1 + (round * 131) % 777;
        for (int i = 0; i < n; i++) {
          block[0][i] = pushed + i;
          block[1][i] = -(pushed + i);
        }
        q.push(block, n);
        pushed += n;
        if (round % 3 == 2) { // drain part of it now and then
          for (int k = 0; k < 4 && !q.isEmpty(); k++) {
            int m = q.pop(out, 0, 1 + (round * 37) % 500);
            for (int i = 0; i < m; i++) {
              assertThat(out[0][i]).isEqualTo((float) (popped + i));
              assertThat(out[1][i]).isEqualTo((float) -(popped + i));
            }
            popped += m;
          }
        }
      }
      while (!q.isEmpty()) {
        int m = q.pop(out, 0, 500);
        for (int i = 0; i < m; i++) assertThat(out[0][i]).isEqualTo((float) (popped + i));
        popped += m;
      }
      assertThat(popped).isEqualTo(pushed);
      assertThat(q.spilledFrames()).isPositive();
      assertThat(q.pop(out, 0, 10)).isZero();
    }
  }
}
