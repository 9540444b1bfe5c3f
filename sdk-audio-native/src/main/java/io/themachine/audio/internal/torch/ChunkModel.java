package io.themachine.audio.internal.torch;

import io.themachine.audio.dsp.PadMode;
import io.themachine.audio.dsp.Spectrogram;
import io.themachine.audio.dsp.Stft;
import io.themachine.audio.dsp.Window;
import io.themachine.audio.separation.ModelCard;
import io.themachine.audio.separation.ModelCard.StftConvention;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A graph seen as waveform chunks in, waveform stems out: the runner writes {@code [batch, C, L]}
 * float32 into {@link #input(int)} and reads {@code [batch, S, C, L]} from {@link #run(int)}. A
 * waveform graph reads and writes those buffers directly (no copy between Java and libtorch); a
 * spectrogram graph gets the STFT of each chunk written into its input and its output turned back
 * into waveforms by {@link Spectral}. Not thread-safe.
 */
sealed interface ChunkModel permits ChunkModel.Waveform, ChunkModel.Spectral {
  /** Samples per channel of a chunk. */
  int length();

  /** Where to write {@code batch} chunks, {@code [batch, C, L]}. */
  MemorySegment input(int batch);

  /** Runs the chunks written to {@link #input}; {@code [batch, S, C, L]}, valid until the next call. */
  MemorySegment run(int batch);

  /** Chunks of {@code segment + 2 context} samples (a traced graph takes only the card's segment). */
  static ChunkModel of(TensorGraph graph, ModelCard card, int segment) {
    int length = segment + 2 * card.context();
    return card.stft() == null ? new Waveform(graph, card, length) : new Spectral(graph, card, length);
  }

  /** Demucs-style: the chunk buffers are the tensors. */
  final class Waveform implements ChunkModel {
    private final TensorGraph graph;
    private final int c, s, l;

    Waveform(TensorGraph graph, ModelCard card, int length) {
      this.graph = graph;
      this.c = card.channels();
      this.s = card.stems().size();
      this.l = length;
    }

    @Override public int length() { return l; }

    @Override public MemorySegment input(int batch) {
      return graph.input((long) batch * c * l);
    }

    @Override public MemorySegment run(int batch) {
      return graph.forward(new long[] {batch, c, l}, (long) batch * s * c * l);
    }
  }

  /**
   * Open-Unmix- and MDX-style: {@code torch.stft} per chunk and channel outside the graph (the SDK's
   * {@link Stft}, same convention, computed in double), the graph's output back through
   * {@code torch.istft(length=L)}; see {@link StftConvention}.
   */
  final class Spectral implements ChunkModel {
    private final TensorGraph graph;
    private final StftConvention conv;
    private final Stft.Plan plan;
    private final int c, s, l, bins, used, frames;
    private MemorySegment staging; // [batch, C, L] waveforms in, then [batch, S, C, L] out (heap)
    private float[] in, out;
    private Spectrogram[] mix = new Spectrogram[0];
    private final float[] x;
    private final float[] re, im;

    Spectral(TensorGraph graph, ModelCard card, int length) {
      this.graph = graph;
      this.conv = card.stft();
      this.plan = new Stft(conv.nFft(), conv.hop(), conv.nFft(), Window.HANN, true, conv.center(),
          conv.reflect() ? PadMode.REFLECT : PadMode.CONSTANT).plan();
      this.c = card.channels();
      this.s = card.stems().size();
      this.l = length;
      this.bins = conv.nFft() / 2 + 1;
      this.used = conv.bins();
      this.frames = conv.frames(l);
      this.x = new float[l];
      this.re = new float[bins * frames];
      this.im = new float[bins * frames];
    }

    @Override public int length() { return l; }

    @Override public MemorySegment input(int batch) {
      int need = batch * c * l;
      if (in == null || in.length < need) {
        in = new float[need];
        out = new float[batch * s * c * l];
        mix = new Spectrogram[batch * c];
      }
      return MemorySegment.ofArray(in).asSlice(0, (long) need * Float.BYTES);
    }

    @Override public MemorySegment run(int batch) {
      boolean complexIn = conv.input() == ModelCard.Spectral.COMPLEX_AS_CHANNELS;
      int planes = complexIn ? 2 : 1;
      long perPlane = (long) used * frames;
      MemorySegment g = graph.input((long) batch * c * planes * perPlane);
      for (int bc = 0; bc < batch * c; bc++) {
        System.arraycopy(in, bc * l, x, 0, l);
        Spectrogram z = plan.complex(x);
        mix[bc] = z;
        float[] zr = z.re(), zi = z.im();
        long base = (long) bc * planes * perPlane;
        for (int k = 0; k < used; k++) {
          for (int t = 0; t < frames; t++) {
            int src = k * frames + t;
            long dst = base + (long) k * frames + t;
            if (complexIn) {
              g.setAtIndex(ValueLayout.JAVA_FLOAT, dst, zr[src]);
              g.setAtIndex(ValueLayout.JAVA_FLOAT, dst + perPlane, zi[src]);
            } else {
              g.setAtIndex(ValueLayout.JAVA_FLOAT, dst, (float) Math.hypot(zr[src], zi[src]));
            }
          }
        }
      }
      long[] shape = {batch, (long) c * planes, used, frames};
      int outPlanes = conv.output() == ModelCard.Spectral.COMPLEX_AS_CHANNELS ? 2 : 1;
      MemorySegment y = graph.forward(shape, (long) batch * s * c * outPlanes * perPlane);
      for (int b = 0; b < batch; b++) {
        for (int st = 0; st < s; st++) {
          for (int ch = 0; ch < c; ch++) {
            Spectrogram z = mix[b * c + ch];
            float[] zr = z.re(), zi = z.im();
            long base = (((long) b * s + st) * c + ch) * outPlanes * perPlane;
            java.util.Arrays.fill(re, 0f);
            java.util.Arrays.fill(im, 0f);
            for (int k = 0; k < used; k++) {
              for (int t = 0; t < frames; t++) {
                int i = k * frames + t;
                float v = y.getAtIndex(ValueLayout.JAVA_FLOAT, base + i);
                switch (conv.output()) {
                  case COMPLEX_AS_CHANNELS -> {
                    re[i] = v;
                    im[i] = y.getAtIndex(ValueLayout.JAVA_FLOAT, base + perPlane + i);
                  }
                  case MASK -> {
                    re[i] = v * zr[i];
                    im[i] = v * zi[i];
                  }
                  case MAGNITUDE -> {
                    // the mixture's phase; zero where the mixture is zero (torch: X / |X| guarded)
                    float mag = (float) Math.hypot(zr[i], zi[i]);
                    if (mag > 0) {
                      re[i] = v * (zr[i] / mag);
                      im[i] = v * (zi[i] / mag);
                    }
                  }
                }
              }
            }
            float[] w = plan.inverse(new Spectrogram(bins, frames, re, im), l);
            System.arraycopy(w, 0, out, (((b * s) + st) * c + ch) * l, l);
          }
        }
      }
      return MemorySegment.ofArray(out).asSlice(0, (long) batch * s * c * l * Float.BYTES);
    }
  }
}
