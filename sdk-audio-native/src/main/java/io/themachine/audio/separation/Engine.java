package io.themachine.audio.separation;

import io.themachine.audio.dsp.Stft;
import io.themachine.audio.internal.cpu.BlockSeparator;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.ChannelLayout;
import java.util.ArrayList;
import java.util.List;

/** Runs a mask stage over a whole buffer or a stream through {@link BlockSeparator}. */
final class Engine {
  private Engine() {}

  /** Frames per block for stages with bounded context. */
  static final int BLOCK = 512;
  /** Context that means "the whole signal": one block, processed at the end. */
  static final int WHOLE = Integer.MAX_VALUE / 4;
  private static final int CHUNK = 1 << 16;

  static void requireFinite(AudioBuffer audio, String method) {
    float[] chunk = new float[Math.min(CHUNK, Math.max(1, audio.frames()))];
    for (int c = 0; c < audio.channels(); c++) {
      for (int from = 0; from < audio.frames(); from += chunk.length) {
        int n = Math.min(chunk.length, audio.frames() - from);
        audio.copyTo(c, from, chunk, 0, n);
        for (int i = 0; i < n; i++) {
          if (!Float.isFinite(chunk[i])) {
            throw new IllegalArgumentException(method + ": sample " + (from + i) + " of channel " + c + " is " + chunk[i]
                + "; separation needs finite samples");
          }
        }
      }
    }
  }

  static Stems run(String method, List<String> names, Stft stft, BlockSeparator.MaskStage stage, int block, AudioBuffer audio) {
    requireFinite(audio, method);
    int ch = audio.channels(), len = audio.frames();
    float[][][] out = new float[names.size()][ch][len];
    int[] pos = {0};
    BlockSeparator bs = new BlockSeparator(stft, ch, stage, block, (stems, n) -> {
      int m = Math.min(n, len - pos[0]);
      for (int s = 0; s < stems.length; s++) for (int c = 0; c < ch; c++) System.arraycopy(stems[s][c], 0, out[s][c], pos[0], m);
      pos[0] += m;
    });
    float[][] chunk = new float[ch][Math.min(CHUNK, Math.max(1, len))];
    for (int from = 0; from < len; from += chunk[0].length) {
      int n = Math.min(chunk[0].length, len - from);
      for (int c = 0; c < ch; c++) audio.copyTo(c, from, chunk[c], 0, n);
      bs.accept(chunk, 0, n);
    }
    bs.finish();
    return stems(method, names, audio, out);
  }

  static Stems stems(String method, List<String> names, AudioBuffer like, float[][][] out) {
    List<Stem> stems = new ArrayList<>();
    for (int s = 0; s < names.size(); s++) stems.add(new Stem(names.get(s), AudioBuffer.of(like.sampleRate(), like.layout(), out[s])));
    return new Stems(method, stems);
  }

  static int index(List<String> names, String stem, String method) {
    int i = names.indexOf(stem);
    if (i < 0) throw new IllegalArgumentException(method + " has no stem " + stem + "; it has " + names);
    return i;
  }

  /** One stem of a mask stage, pulled through {@link BlockSeparator} as it is read. */
  static AudioBlockReader stream(AudioBlockReader in, Stft stft, BlockSeparator.MaskStage stage, int block, int stem) {
    return new StemReader(in, stft, stage, block, stem);
  }

  private static final class StemReader implements AudioBlockReader {
    private final AudioBlockReader in;
    private final BlockSeparator bs;
    private final int ch;
    private final float[][] block;
    private float[][] fifo;
    private int head;
    private int tail;
    private boolean done;
    private long read;

    StemReader(AudioBlockReader in, Stft stft, BlockSeparator.MaskStage stage, int blockFrames, int stem) {
      this.in = in;
      this.ch = in.channels();
      this.block = new float[ch][8192];
      this.fifo = new float[ch][1 << 15];
      this.bs = new BlockSeparator(stft, ch, stage, blockFrames, (stems, n) -> push(stems[stem], n));
    }

    private void push(float[][] x, int n) {
      if (tail + n > fifo[0].length) {
        int live = tail - head;
        if (live + n > fifo[0].length) {
          int cap = Math.max(fifo[0].length * 2, live + n);
          for (int c = 0; c < ch; c++) {
            float[] a = new float[cap];
            System.arraycopy(fifo[c], head, a, 0, live);
            fifo[c] = a;
          }
        } else {
          for (int c = 0; c < ch; c++) System.arraycopy(fifo[c], head, fifo[c], 0, live);
        }
        head = 0;
        tail = live;
      }
      for (int c = 0; c < ch; c++) System.arraycopy(x[c], 0, fifo[c], tail, n);
      tail += n;
    }

    @Override public int sampleRate() { return in.sampleRate(); }

    @Override public ChannelLayout layout() { return in.layout(); }

    @Override
    public int read(float[][] dst, int offset, int maxFrames) {
      while (tail == head && !done) {
        int n = in.read(block, 0, block[0].length);
        if (n < 0) {
          bs.finish();
          done = true;
        } else if (n > 0) {
          bs.accept(block, 0, n);
        }
      }
      if (tail == head) return -1;
      int n = Math.min(maxFrames, tail - head);
      for (int c = 0; c < ch; c++) System.arraycopy(fifo[c], head, dst[c], offset, n);
      head += n;
      read += n;
      return n;
    }

    @Override public long framesRead() { return read; }

    @Override public void close() { in.close(); }
  }
}
