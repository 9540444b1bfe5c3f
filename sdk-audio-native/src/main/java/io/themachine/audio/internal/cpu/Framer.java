package io.themachine.audio.internal.cpu;

import io.themachine.audio.dsp.PadMode;

/**
 * Cuts one frame out of a (virtually) padded signal. The samples on hand are
 * {@code buf[i - bufStart]} for signal index {@code i} in {@code [bufStart, bufStart + bufLen)};
 * indices outside {@code [0, total)} come from the pad mode. {@code total < 0} means the length is
 * not known yet (streaming): the caller then only asks for frames that need no right padding.
 * Whole-signal and streamed framing share this code, so their frames are bit-identical.
 */
public final class Framer {
  private Framer() {}

  /**
   * {@code frame[j] = window[j] * x_padded[start + j]} for {@code j} in {@code [from, to)}, zero
   * elsewhere in {@code [0, frame.length)}; {@code window == null} means all ones.
   */
  public static void load(float[] buf, long bufStart, int bufLen, long total, long start, PadMode mode,
      double[] window, int from, int to, double[] frame) {
    for (int j = 0; j < from; j++) frame[j] = 0.0;
    for (int j = to; j < frame.length; j++) frame[j] = 0.0;
    long lo = start + from;
    long hi = start + to;
    long avail = total < 0 ? bufStart + bufLen : Math.min(total, bufStart + bufLen);
    if (lo >= 0 && lo >= bufStart && hi <= avail) {
      int off = (int) (start - bufStart);
      if (window == null) {
        for (int j = from; j < to; j++) frame[j] = buf[off + j];
      } else {
        for (int j = from; j < to; j++) frame[j] = window[j] * buf[off + j];
      }
      return;
    }
    for (int j = from; j < to; j++) {
      long i = start + j;
      double v;
      if (i >= 0 && (total < 0 || i < total)) {
        v = buf[(int) (i - bufStart)];
      } else {
        v = switch (mode) {
          case CONSTANT -> 0.0;
          case REFLECT -> buf[(int) (reflect(i, total) - bufStart)];
          case EDGE -> buf[(int) ((i < 0 ? 0 : total - 1) - bufStart)];
        };
      }
      frame[j] = window == null ? v : window[j] * v;
    }
  }

  /** numpy.pad's "reflect" for any distance: period {@code 2 (N - 1)}, edge not repeated. */
  static long reflect(long i, long total) {
    if (total < 0) return -i; // streaming, left edge only
    if (total == 1) return 0;
    long period = 2 * (total - 1);
    long r = Math.floorMod(i, period);
    return r >= total ? period - r : r;
  }

  /** Throws if a sample is NaN or infinite, naming the operation and the index. */
  public static void requireFinite(float[] x, int off, int len, String op) {
    for (int i = 0; i < len; i++) {
      float v = x[off + i];
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException(op + ": input sample " + i + " is " + v + "; features need finite samples");
      }
    }
  }
}
