package io.themachine.spi.audio;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * Planar float32 audio held in memory: one run of samples per channel, a sample rate and a channel
 * layout. Backed either by Java arrays ({@link #of}, {@link #allocate}) or by a caller-owned
 * {@link MemorySegment} ({@link #wrap}), e.g. pinned or native memory; the segment's owner (its
 * {@code Arena}) decides its lifetime. Samples are nominally within [-1, 1].
 */
public final class AudioBuffer {
  private final int sampleRate;
  private final ChannelLayout layout;
  private final int frames;
  private final float[][] arrays; // heap-backed, else null
  private final MemorySegment segment; // segment-backed, else null

  private AudioBuffer(int sampleRate, ChannelLayout layout, int frames, float[][] arrays, MemorySegment segment) {
    if (sampleRate <= 0) throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
    this.sampleRate = sampleRate;
    this.layout = Objects.requireNonNull(layout, "layout");
    if (frames < 0) throw new IllegalArgumentException("negative frame count");
    this.frames = frames;
    this.arrays = arrays;
    this.segment = segment;
  }

  /** Wraps arrays, one per channel, all of one length; no copy. */
  public static AudioBuffer of(int sampleRate, ChannelLayout layout, float[]... channels) {
    if (channels.length != layout.channels()) {
      throw new IllegalArgumentException(channels.length + " arrays for a " + layout.channels() + "-channel layout");
    }
    int n = channels.length == 0 ? 0 : channels[0].length;
    for (float[] c : channels) {
      if (c.length != n) throw new IllegalArgumentException("channels differ in length");
    }
    return new AudioBuffer(sampleRate, layout, n, channels.clone(), null);
  }

  /** Mono or stereo-by-count convenience: {@code of(48000, left, right)}. */
  public static AudioBuffer of(int sampleRate, float[]... channels) {
    return of(sampleRate, ChannelLayout.defaultFor(channels.length), channels);
  }

  /** A zeroed heap buffer. */
  public static AudioBuffer allocate(int sampleRate, ChannelLayout layout, int frames) {
    return of(sampleRate, layout, new float[layout.channels()][frames]);
  }

  /**
   * Views a segment holding planar float32 samples: channel {@code c} starts at byte
   * {@code c * frames * 4}. No copy; the segment must stay alive while the buffer is used.
   */
  public static AudioBuffer wrap(int sampleRate, ChannelLayout layout, int frames, MemorySegment planar) {
    long need = (long) layout.channels() * frames * Float.BYTES;
    if (planar.byteSize() < need) {
      throw new IllegalArgumentException("segment holds " + planar.byteSize() + " bytes, need " + need);
    }
    return new AudioBuffer(sampleRate, layout, frames, null, planar);
  }

  public int sampleRate() {
    return sampleRate;
  }

  public ChannelLayout layout() {
    return layout;
  }

  public int channels() {
    return layout.channels();
  }

  public int frames() {
    return frames;
  }

  public double seconds() {
    return frames / (double) sampleRate;
  }

  /** True when backed by Java arrays, so {@link #array(int)} returns the live array. */
  public boolean isHeap() {
    return arrays != null;
  }

  /** The live array of channel {@code c} for a heap buffer; a copy for a segment-backed one. */
  public float[] array(int c) {
    if (arrays != null) return arrays[c];
    return segment(c).toArray(ValueLayout.JAVA_FLOAT);
  }

  /** Channel {@code c} as a segment (a heap buffer's array is wrapped, not copied). */
  public MemorySegment segment(int c) {
    Objects.checkIndex(c, channels());
    if (arrays != null) return MemorySegment.ofArray(arrays[c]);
    long bytes = (long) frames * Float.BYTES;
    return segment.asSlice(c * bytes, bytes);
  }

  public float get(int c, int i) {
    if (arrays != null) return arrays[c][i];
    Objects.checkIndex(i, frames);
    return segment(c).getAtIndex(ValueLayout.JAVA_FLOAT, i);
  }

  /** Copies frames {@code [from, from + n)} of channel {@code c} into {@code dst[dstOffset..]}. */
  public void copyTo(int c, int from, float[] dst, int dstOffset, int n) {
    Objects.checkFromIndexSize(from, n, frames);
    if (arrays != null) {
      System.arraycopy(arrays[c], from, dst, dstOffset, n);
    } else {
      MemorySegment.copy(segment(c), ValueLayout.JAVA_FLOAT, (long) from * Float.BYTES, dst, dstOffset, n);
    }
  }

  /** A heap copy of this buffer. */
  public AudioBuffer toHeap() {
    float[][] a = new float[channels()][];
    for (int c = 0; c < a.length; c++) a[c] = arrays != null ? arrays[c].clone() : array(c);
    return new AudioBuffer(sampleRate, layout, frames, a, null);
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "AudioBuffer[%s Hz, %s, %.3f s, %s]",
        sampleRate, layout, seconds(), arrays != null ? "heap" : "segment");
  }
}
