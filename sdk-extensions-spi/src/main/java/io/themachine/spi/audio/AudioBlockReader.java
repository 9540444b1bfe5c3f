package io.themachine.spi.audio;

/**
 * Audio streamed in blocks of planar float32, so a three-hour file costs what a three-minute one
 * does. Not thread-safe; close it to free the decoder.
 *
 * <pre>{@code
 * try (var in = source.open()) {
 *   float[][] block = new float[in.channels()][4096];
 *   for (int n; (n = in.read(block, 0, 4096)) > 0; ) meter.accept(block, n);
 * }
 * }</pre>
 */
public interface AudioBlockReader extends AutoCloseable {
  int sampleRate();

  ChannelLayout layout();

  default int channels() {
    return layout().channels();
  }

  /**
   * Reads up to {@code maxFrames} frames into {@code dst[c][offset ..]} for every channel.
   *
   * @return frames read, at least 1 until the end, then -1
   * @throws MediaException on corrupt data or non-finite samples
   */
  int read(float[][] dst, int offset, int maxFrames);

  /** Frames delivered so far. */
  long framesRead();

  @Override
  void close();

  /** Streams an in-memory buffer. */
  static AudioBlockReader of(AudioBuffer buffer) {
    return new AudioBlockReader() {
      private int pos;

      @Override public int sampleRate() { return buffer.sampleRate(); }

      @Override public ChannelLayout layout() { return buffer.layout(); }

      @Override public int read(float[][] dst, int offset, int maxFrames) {
        int n = Math.min(maxFrames, buffer.frames() - pos);
        if (n <= 0) return -1;
        for (int c = 0; c < buffer.channels(); c++) buffer.copyTo(c, pos, dst[c], offset, n);
        pos += n;
        return n;
      }

      @Override public long framesRead() { return pos; }

      @Override public void close() {}
    };
  }

  /**
   * Reads the rest into memory. Refuses more than {@code maxFrames} frames, so a long file cannot
   * exhaust the heap by accident.
   */
  default AudioBuffer readAll(int maxFrames) {
    int ch = channels();
    float[][] out = new float[ch][Math.min(maxFrames, 1 << 16)];
    int len = 0;
    float[][] block = new float[ch][8192];
    for (int n; (n = read(block, 0, 8192)) > 0; ) {
      if ((long) len + n > maxFrames) {
        throw new MediaException(MediaException.Reason.TOO_LARGE,
            "audio longer than the limit of " + maxFrames + " frames; stream it in blocks instead");
      }
      if (len + n > out[0].length) {
        int cap = (int) Math.min(maxFrames, Math.max((long) out[0].length * 2, len + n));
        for (int c = 0; c < ch; c++) out[c] = java.util.Arrays.copyOf(out[c], cap);
      }
      for (int c = 0; c < ch; c++) System.arraycopy(block[c], 0, out[c], len, n);
      len += n;
    }
    for (int c = 0; c < ch; c++) out[c] = java.util.Arrays.copyOf(out[c], len);
    return AudioBuffer.of(sampleRate(), layout(), out);
  }
}
