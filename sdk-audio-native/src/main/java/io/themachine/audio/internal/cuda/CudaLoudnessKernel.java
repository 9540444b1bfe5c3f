package io.themachine.audio.internal.cuda;

import io.themachine.audio.Backend;
import io.themachine.audio.dsp.ChannelWeights;
import io.themachine.audio.dsp.LoudnessKernel;
import io.themachine.audio.dsp.LoudnessMeter;
import io.themachine.audio.dsp.LoudnessOptions;
import io.themachine.audio.dsp.LoudnessResult;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.ChannelLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The CUDA loudness kernel behind {@code Backend.CUDA.loudness()}: recordings go to the device as a
 * batch ({@link #measureAll}); the three kernels of {@code loudness.cu} (fused pass, gating, maxima;
 * see {@link CudaLoudness}) return a few numbers per recording, which become the same
 * {@link LoudnessResult} as the CPU meters report: I, ungated estimate, LRA, maximum momentary and
 * short-term loudness over every window position (hop of one sample), sample and true peak,
 * non-finite count; agreement with {@code ScalarLoudness} within 0.001 LU / 0.01 dB. A
 * {@link #meter} buffers its input on the heap and measures on {@code result()}; its running
 * read-outs {@code momentary()} / {@code shortTerm()} throw {@link UnsupportedOperationException}
 * (a device round trip per read-out would cost more than the CPU meters' own streaming update; the
 * CUDA path measures whole signals).
 */
public final class CudaLoudnessKernel implements LoudnessKernel {
  @Override
  public Backend backend() {
    return Backend.CUDA;
  }

  @Override
  public LoudnessMeter meter(int sampleRate, ChannelLayout layout, LoudnessOptions options) {
    return new BufferedMeter(sampleRate, layout, options);
  }

  @Override
  public LoudnessResult measure(AudioBuffer x, LoudnessOptions options) {
    return measureAll(List.of(x), options).get(0);
  }

  /** Measures a batch in one device pass. */
  public List<LoudnessResult> measureAll(List<AudioBuffer> xs, LoudnessOptions options) {
    List<CudaLoudness.Input> inputs = new ArrayList<>(xs.size());
    List<double[]> weights = new ArrayList<>(xs.size());
    for (AudioBuffer x : xs) {
      double[] w = ChannelWeights.of(x.layout(), options.dualMono());
      float[][] ch = new float[x.channels()][];
      for (int c = 0; c < ch.length; c++) {
        if (x.isHeap()) {
          ch[c] = x.array(c).length == x.frames() ? x.array(c) : Arrays.copyOf(x.array(c), x.frames());
        } else {
          ch[c] = new float[x.frames()];
          x.copyTo(c, 0, ch[c], 0, x.frames());
        }
      }
      inputs.add(new CudaLoudness.Input(x.sampleRate(), ch, w));
      weights.add(w);
    }
    boolean every100 = options.lraSampling() == LoudnessOptions.LraSampling.EVERY_100_MS;
    List<CudaLoudness.Summary> sums = CudaSession.with(s -> {
      try (CudaLoudness k = new CudaLoudness(s.context(), s.cacheDir()); CudaLoudness.Batch b = k.upload(inputs)) {
        k.measure(b, options.peaks(), options.maxima(), every100, s.stream());
        s.stream().synchronize();
        return k.summaries(b, options.peaks(), options.maxima());
      }
    });
    List<LoudnessResult> out = new ArrayList<>(xs.size());
    for (int i = 0; i < xs.size(); i++) out.add(sums.get(i).result(xs.get(i).layout(), weights.get(i), options));
    return out;
  }

  @Override
  public String toString() {
    return "CudaLoudnessKernel";
  }

  /** Collects the input on the heap; measures on the device at {@link #result()}. */
  private final class BufferedMeter implements LoudnessMeter {
    private final int fs;
    private final ChannelLayout layout;
    private final LoudnessOptions options;
    private float[][] data;
    private int frames;

    BufferedMeter(int fs, ChannelLayout layout, LoudnessOptions options) {
      this.fs = fs;
      this.layout = layout;
      this.options = options;
      this.data = new float[layout.channels()][1 << 16];
    }

    @Override public int sampleRate() { return fs; }

    @Override public ChannelLayout layout() { return layout; }

    @Override public LoudnessOptions options() { return options; }

    @Override
    public void accept(float[][] block, int offset, int n) {
      if (block.length < data.length) throw new IllegalArgumentException("block has " + block.length + " channels, meter has " + data.length);
      if (frames + n > data[0].length) {
        int cap = Math.max(frames + n, 2 * data[0].length);
        for (int c = 0; c < data.length; c++) data[c] = Arrays.copyOf(data[c], cap);
      }
      for (int c = 0; c < data.length; c++) System.arraycopy(block[c], offset, data[c], frames, n);
      frames += n;
    }

    @Override
    public void accept(AudioBuffer buffer) {
      if (buffer.sampleRate() != fs || buffer.channels() != data.length) {
        throw new IllegalArgumentException("buffer is " + buffer.sampleRate() + " Hz x " + buffer.channels() + ", meter is " + fs + " Hz x " + data.length);
      }
      float[][] tmp = new float[data.length][];
      for (int c = 0; c < data.length; c++) {
        tmp[c] = new float[buffer.frames()];
        buffer.copyTo(c, 0, tmp[c], 0, buffer.frames());
      }
      accept(tmp, 0, buffer.frames());
    }

    @Override
    public double momentary() {
      throw new UnsupportedOperationException("the CUDA meter measures whole signals; use Backend.SCALAR or VECTOR for running read-outs");
    }

    @Override
    public double shortTerm() {
      return momentary();
    }

    @Override
    public LoudnessResult result() {
      float[][] x = new float[data.length][];
      for (int c = 0; c < x.length; c++) x[c] = Arrays.copyOf(data[c], frames);
      return measure(AudioBuffer.of(fs, layout, x), options);
    }

    @Override
    public void reset() {
      frames = 0;
    }
  }
}
