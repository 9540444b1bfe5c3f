package io.themachine.audio.internal.cpu;

import io.themachine.audio.dsp.PadMode;

/**
 * Block-by-block centred framing with a fixed buffer ({@code 2 n_fft + 8192} samples, whatever the
 * signal length). A frame is handed out as soon as every sample it needs has arrived; the rest,
 * including the right padding, at {@link #finish()}. Frames go through {@link Framer} exactly as
 * whole-signal framing does, so streamed and whole results are bit-identical.
 */
public final class StreamFramer {
  /** Called once per frame with the buffer view {@link Framer#load} takes. */
  public interface FrameTask {
    void frame(float[] buf, long bufStart, int bufLen, long total, long t);
  }

  private final int nFft;
  private final int hop;
  private final int pad;
  private final PadMode mode;
  private final FrameTask task;
  private final float[] buf;
  private long bufStart;
  private int bufLen;
  private long next;
  private boolean finished;
  private final String op;

  public StreamFramer(int nFft, int hop, PadMode mode, String op, FrameTask task) {
    this.nFft = nFft;
    this.hop = hop;
    this.pad = nFft / 2;
    this.mode = mode;
    this.task = task;
    this.op = op;
    this.buf = new float[2 * nFft + 8192];
  }

  public int capacity() {
    return buf.length;
  }

  public long framesEmitted() {
    return next;
  }

  public long samplesReceived() {
    return bufStart + bufLen;
  }

  public void accept(float[] block, int off, int n) {
    if (finished) throw new IllegalStateException(op + ": stream already finished");
    java.util.Objects.checkFromIndexSize(off, n, block.length);
    Framer.requireFinite(block, off, n, op);
    while (n > 0) {
      if (bufLen == buf.length) compact();
      int c = Math.min(n, buf.length - bufLen);
      System.arraycopy(block, off, buf, bufLen, c);
      bufLen += c;
      off += c;
      n -= c;
      emitReady();
    }
  }

  /** Emits the remaining frames (right padding) and returns the total frame count. */
  public long finish() {
    if (finished) return next;
    finished = true;
    long total = bufStart + bufLen;
    long frames = SpectrumKernel.frames(total, nFft, hop, true);
    for (; next < frames; next++) task.frame(buf, bufStart, bufLen, total, next);
    return next;
  }

  private long start(long t) {
    return t * hop - pad;
  }

  private void emitReady() {
    long received = bufStart + bufLen;
    while (true) {
      long s = start(next);
      if (s + nFft > received) return;
      if (s < 0 && mode == PadMode.REFLECT && pad >= received) return;
      task.frame(buf, bufStart, bufLen, -1, next);
      next++;
    }
  }

  private void compact() {
    long received = bufStart + bufLen;
    long keep = Math.min(start(next), received - pad - 1);
    keep = Math.max(keep, bufStart);
    int drop = (int) (keep - bufStart);
    if (drop <= 0) throw new IllegalStateException(op + ": stream buffer cannot advance"); // cannot happen: capacity > n_fft + pad + 1
    System.arraycopy(buf, drop, buf, 0, bufLen - drop);
    bufLen -= drop;
    bufStart = keep;
  }
}
