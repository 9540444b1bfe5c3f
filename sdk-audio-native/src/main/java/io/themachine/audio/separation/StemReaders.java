package io.themachine.audio.separation;

import io.themachine.audio.internal.torch.ModelRunner;
import io.themachine.audio.internal.torch.SpillQueue;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.ChannelLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link AudioBlockReader} per stem of one separation, from
 * {@link ModelSeparation#readers}. The readers share one run of the model: reading any of them runs
 * it as far as that reader needs; the other stems' frames wait (a few MiB in memory per stem, then in
 * a temporary file). Read them in any order, interleaved or one after another. Not thread-safe;
 * close it (closing a single reader does nothing).
 */
public final class StemReaders implements AutoCloseable {
  private static final long MEMORY_BYTES_PER_STEM = 4L << 20;

  private final ModelRunner.Pump pump;
  private final List<String> names;
  private final Map<String, AudioBlockReader> readers = new LinkedHashMap<>();
  private final SpillQueue[] queues;
  private final int sampleRate;
  private final ChannelLayout layout;
  private boolean closed;

  StemReaders(ModelRunner runner, ModelRunner.Input input, ModelOptions options, int sampleRate, int channels) {
    this.names = runner.stems(options);
    this.sampleRate = sampleRate;
    this.layout = ChannelLayout.defaultFor(channels);
    queues = new SpillQueue[names.size()];
    for (int s = 0; s < queues.length; s++) queues[s] = new SpillQueue(channels, MEMORY_BYTES_PER_STEM / (4L * channels));
    this.pump = runner.pump(input, options, (stems, n) -> {
      for (int s = 0; s < stems.length; s++) queues[s].push(stems[s], n);
    });
    for (int s = 0; s < names.size(); s++) readers.put(names.get(s), new StemReader(s));
  }

  /** Stem names, in the model's order (then the residual). */
  public List<String> names() {
    return names;
  }

  /** The reader of one stem. */
  public AudioBlockReader reader(String stem) {
    AudioBlockReader r = readers.get(stem);
    if (r == null) throw new IllegalArgumentException("no stem '" + stem + "'; the stems are " + names);
    return r;
  }

  /** What the run did; once every frame has been produced. */
  public ModelRun result() {
    return pump.result();
  }

  /** Frames that went through temporary files, all stems (0 when the stems were read interleaved). */
  public long spilledFrames() {
    long n = 0;
    for (SpillQueue q : queues) n += q.spilledFrames();
    return n;
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    pump.close();
    for (SpillQueue q : queues) q.close();
  }

  @Override
  public String toString() {
    return "StemReaders[" + names + ", " + sampleRate + " Hz, " + layout.channels() + " ch" + (closed ? ", closed" : "") + "]";
  }

  private final class StemReader implements AudioBlockReader {
    private final int stem;
    private long frames;

    StemReader(int stem) {
      this.stem = stem;
    }

    @Override public int sampleRate() { return sampleRate; }

    @Override public ChannelLayout layout() { return layout; }

    @Override public int read(float[][] dst, int offset, int maxFrames) {
      if (closed) throw new IllegalStateException("StemReaders used after close");
      if (maxFrames <= 0) return 0;
      while (queues[stem].isEmpty()) {
        if (!pump.step() && queues[stem].isEmpty()) return -1;
      }
      int n = queues[stem].pop(dst, offset, maxFrames);
      frames += n;
      return n;
    }

    @Override public long framesRead() { return frames; }

    @Override public void close() {
      // the shared run is closed with StemReaders
    }

    @Override public String toString() {
      return "StemReader[" + names.get(stem) + ", " + frames + " frames read]";
    }
  }
}
