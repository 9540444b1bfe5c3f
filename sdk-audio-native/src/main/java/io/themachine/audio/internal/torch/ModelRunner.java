package io.themachine.audio.internal.torch;

import io.themachine.audio.dsp.Resampler;
import io.themachine.audio.internal.cpu.ResamplingReader;
import io.themachine.audio.separation.ModelCard;
import io.themachine.audio.separation.ModelException;
import io.themachine.audio.separation.ModelOptions;
import io.themachine.audio.separation.ModelOptions.ChannelPolicy;
import io.themachine.audio.separation.ModelOptions.Clip;
import io.themachine.audio.separation.ModelRun;
import io.themachine.audio.separation.StemSink;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.ChannelLayout;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a loaded graph over audio: brings the input to the model's rate and channels, computes the
 * normalisation statistics and RESCALE's peaks in extra passes where asked, and drives a
 * {@link ChunkedSeparator}. Holds the graph (its one owner). Not thread-safe.
 */
public final class ModelRunner implements AutoCloseable {
  private static final int BLOCK = 4096;
  private final ModelCard card;
  private TensorGraph graph;

  private ModelRunner(ModelCard card, TensorGraph graph) {
    this.card = card;
    this.graph = graph;
  }

  /** Where the input comes from: a source can be opened again (for the extra passes), a reader once. */
  public interface Input {
    /** Opens the input at the model's rate, with channels as the policy asks for (see {@link ModelOptions.ChannelPolicy}). */
    AudioBlockReader open(int sampleRate, ChannelLayout modelLayout, ChannelPolicy policy);

    boolean reopenable();
  }

  /**
   * Loads {@code model} (libtorch by name, after the probe) and checks it against {@code card} with
   * one silent chunk, so a card that does not fit fails here, not in the middle of a file.
   */
  public static ModelRunner open(Path model, ModelCard card) {
    TorchAvailability.require("loading a separation model");
    TensorGraph g;
    try {
      g = (TensorGraph) Class.forName(TorchAvailability.GRAPH, true, ModelRunner.class.getClassLoader())
          .getMethod("open", Path.class).invoke(null, model);
    } catch (java.lang.reflect.InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new ModelException("torch::jit::load failed: " + TorchAvailability.describe(e.getCause()));
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new ModelException("libtorch failed to load: " + TorchAvailability.describe(e));
    }
    try {
      ChunkModel m = ChunkModel.of(g, card, card.segment());
      m.input(1).fill((byte) 0);
      m.run(1);
      return new ModelRunner(card, g);
    } catch (RuntimeException e) {
      g.close();
      if (e instanceof ModelException me) {
        throw new ModelException("the card does not fit the model: " + me.getMessage(), me);
      }
      throw e;
    }
  }

  public ModelCard card() {
    return card;
  }

  private TensorGraph graph() {
    TensorGraph g = graph;
    if (g == null) throw new IllegalStateException("ModelSeparation used after close");
    return g;
  }

  /** Stem names in output order: the card's, then the residual if asked for. */
  public List<String> stems(ModelOptions o) {
    List<String> s = new ArrayList<>(card.stems());
    if (o.residual() != null) {
      if (s.contains(o.residual())) throw new IllegalArgumentException("residual stem name '" + o.residual() + "' is already a stem");
      s.add(o.residual());
    }
    return List.copyOf(s);
  }

  /** Runs the whole input through, pushing stems to {@code sink}. */
  public ModelRun run(Input input, ModelOptions o, StemSink sink) {
    Pump p = pump(input, o, sink);
    while (p.step()) {
      // one block per step
    }
    return p.result();
  }

  /** An incremental run: each {@link Pump#step()} reads one input block (for pull-style readers). */
  public Pump pump(Input input, ModelOptions o, StemSink sink) {
    stems(o);
    boolean normalize = o.normalizeFor(card);
    if ((normalize || o.clip() == Clip.RESCALE) && !input.reopenable()) {
      throw new IllegalArgumentException("separate: " + (normalize ? "normalisation" : "RESCALE")
          + " reads the input twice; pass an AudioSource or AudioBuffer, not a reader");
    }
    graph().threads(o.threads());
    return new Pump(input, o, sink, normalize);
  }

  /** One call's state; see {@link #pump}. */
  public final class Pump {
    private final Input input;
    private final ModelOptions o;
    private final StemSink sink;
    private final boolean normalize;
    private final long t0 = System.nanoTime();
    private final long cpu0;
    private AudioBlockReader reader;
    private ChunkedSeparator sep;
    private float[][] in, mapped;
    private long chunks, calls;
    private int passes;
    private boolean done;

    Pump(Input input, ModelOptions o, StemSink sink, boolean normalize) {
      this.input = input;
      this.o = o;
      this.sink = sink;
      this.normalize = normalize;
      this.cpu0 = cpuNanos();
    }

    /** Reads one block and feeds it; false when the input is exhausted and every frame delivered. */
    public boolean step() {
      if (done) return false;
      try {
        if (sep == null) start();
        int n = reader.read(in, 0, BLOCK);
        if (n > 0) {
          sep.feed(map(in, n), 0, n);
          return true;
        }
        sep.finish();
        chunks += sep.chunks();
        calls += sep.calls();
        passes++;
        done = true;
        close();
        return false;
      } catch (RuntimeException e) {
        done = true;
        close();
        throw e;
      }
    }

    private void start() {
      double mean = 0, std = 1;
      if (normalize) {
        double[] ms = stats();
        mean = ms[0];
        std = ms[1] + 1e-8; // Demucs divides by std alone; the epsilon keeps silence finite
      }
      float[] gains = null;
      if (o.clip() == Clip.RESCALE) {
        int outStems = stems(o).size();
        float[] peaks = new float[outStems];
        reader = open();
        ChunkedSeparator probe = separator(mean, std, null, false, (stems, n) -> {
          for (int s = 0; s < stems.length; s++) {
            for (float[] ch : stems[s]) for (int i = 0; i < n; i++) peaks[s] = Math.max(peaks[s], Math.abs(ch[i]));
          }
        });
        for (int n; (n = reader.read(in, 0, BLOCK)) > 0; ) probe.feed(map(in, n), 0, n);
        probe.finish();
        reader.close();
        chunks += probe.chunks();
        calls += probe.calls();
        passes++;
        gains = new float[outStems];
        for (int s = 0; s < outStems; s++) gains[s] = peaks[s] > 1f ? 1f / peaks[s] : 1f;
      }
      reader = open();
      sep = separator(mean, std, gains, o.clip() == Clip.CLAMP, sink);
    }

    private ChunkedSeparator separator(double mean, double std, float[] gains, boolean clamp, StemSink to) {
      int segment = o.segmentFor(card);
      ChunkModel m = ChunkModel.of(graph(), card, segment);
      return new ChunkedSeparator(m, card.sampleRate(), card.channels(), card.stems().size(), segment, card.context(),
          o.overlapFor(card), o.fadeFor(card), o.batch(), o.shifts(), o.seed(), mean, std, o.residual() != null, clamp,
          gains, to);
    }

    private AudioBlockReader open() {
      AudioBlockReader r = input.open(card.sampleRate(), ChannelLayout.defaultFor(card.channels()), o.channels());
      if (r.sampleRate() != card.sampleRate()) r = new ResamplingReader(r, Resampler.highQuality(r.sampleRate(), card.sampleRate()));
      int cin = r.channels(), c = card.channels();
      if (cin != c && cin != 1) {
        boolean ok = cin > c && o.channels() != ChannelPolicy.REFUSE;
        if (!ok) {
          r.close();
          throw new IllegalArgumentException("separate: the model takes " + c + " channel" + (c == 1 ? "" : "s")
              + ", the input has " + cin + (cin > c ? " (choose ChannelPolicy.DOWNMIX or FIRST)" : ""));
        }
      }
      in = new float[cin][BLOCK];
      mapped = new float[c][BLOCK];
      return r;
    }

    // Input channels to the model's: same count as is, mono duplicated, more folded (see ChannelPolicy).
    private float[][] map(float[][] block, int n) {
      int cin = block.length, c = mapped.length;
      if (cin == c) return block;
      if (cin == 1) {
        for (int ch = 0; ch < c; ch++) System.arraycopy(block[0], 0, mapped[ch], 0, n);
      } else if (o.channels() == ChannelPolicy.FIRST) {
        for (int ch = 0; ch < c; ch++) System.arraycopy(block[ch], 0, mapped[ch], 0, n);
      } else {
        float[] m0 = mapped[0];
        for (int i = 0; i < n; i++) {
          double s = 0;
          for (float[] b : block) s += b[i];
          m0[i] = (float) (s / cin);
        }
        for (int ch = 1; ch < c; ch++) System.arraycopy(m0, 0, mapped[ch], 0, n);
      }
      return mapped;
    }

    // Mean and unbiased standard deviation of the mono mix (Chan et al.'s pairwise update per block).
    private double[] stats() {
      long count = 0;
      double mean = 0, m2 = 0;
      try (AudioBlockReader r = open()) {
        for (int n; (n = r.read(in, 0, BLOCK)) > 0; ) {
          float[][] b = map(in, n);
          double bm = 0;
          for (int i = 0; i < n; i++) {
            double s = 0;
            for (float[] ch : b) s += ch[i];
            bm += s / b.length;
          }
          bm /= n;
          double bm2 = 0;
          for (int i = 0; i < n; i++) {
            double s = 0;
            for (float[] ch : b) s += ch[i];
            double d = s / b.length - bm;
            bm2 += d * d;
          }
          long total = count + n;
          double delta = bm - mean;
          mean += delta * n / total;
          m2 += bm2 + delta * delta * ((double) count * n / total);
          count = total;
          for (float[] ch : b) {
            for (int i = 0; i < n; i++) {
              if (!Float.isFinite(ch[i])) throw new ModelException("separate: input sample is NaN or infinite (frame " + (count - n + i) + ")");
            }
          }
        }
      }
      return new double[] {mean, count > 1 ? Math.sqrt(m2 / (count - 1)) : 0};
    }

    public ModelRun result() {
      if (!done) throw new IllegalStateException("Pump: not finished");
      return new ModelRun(sep == null ? 0 : sep.delivered(), card.sampleRate(), chunks, calls, passes,
          (System.nanoTime() - t0) / 1e9, (cpuNanos() - cpu0) / 1e9);
    }

    /** Closes the input reader (the graph stays with the runner). */
    public void close() {
      if (reader != null) reader.close();
      reader = null;
      done = true;
    }
  }

  private static long cpuNanos() {
    ThreadMXBean b = ManagementFactory.getThreadMXBean();
    return b.isCurrentThreadCpuTimeSupported() ? b.getCurrentThreadCpuTime() : 0;
  }

  @Override
  public void close() {
    TensorGraph g = graph;
    graph = null;
    if (g != null) g.close();
  }
}
