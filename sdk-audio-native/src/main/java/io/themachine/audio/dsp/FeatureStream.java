package io.themachine.audio.dsp;

import io.themachine.audio.internal.cpu.StreamFramer;

/**
 * A feature computed block by block with bounded memory: feed samples with {@link #accept}, call
 * {@link #finish()} at the end; each frame reaches the sink once, in order, with the same values
 * the whole-signal computation gives (bit for bit). Create with {@link MelSpec#stream} or
 * {@link Mfcc#stream}. Not thread-safe.
 */
public final class FeatureStream {
  /** Receives frame {@code index}; {@code values} is reused for the next frame, copy what you keep. */
  @FunctionalInterface
  public interface FrameSink {
    void frame(long index, float[] values);
  }

  private final StreamFramer framer;

  FeatureStream(StreamFramer framer) {
    this.framer = framer;
  }

  /** Feeds {@code n} samples; NaN or infinite samples throw {@link IllegalArgumentException}. */
  public FeatureStream accept(float[] block, int off, int n) {
    framer.accept(block, off, n);
    return this;
  }

  public FeatureStream accept(float[] block) {
    return accept(block, 0, block.length);
  }

  /** Emits the last frames; returns the total frame count (librosa's count for the samples fed). */
  public long finish() {
    return framer.finish();
  }

  public long framesEmitted() {
    return framer.framesEmitted();
  }

  /** Samples held, fixed at construction (independent of the signal length). */
  public int bufferCapacity() {
    return framer.capacity();
  }

  @Override
  public String toString() {
    return "FeatureStream[" + framer.samplesReceived() + " samples in, " + framer.framesEmitted() + " frames out]";
  }
}
