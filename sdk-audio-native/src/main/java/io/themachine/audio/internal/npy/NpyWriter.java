package io.themachine.audio.internal.npy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * NPY format version 1.0 (numpy's {@code lib/format.py}): the magic {@code \x93NUMPY}, version 1.0,
 * a little-endian uint16 header length, an ASCII dict {@code {'descr': '<f4', 'fortran_order': False,
 * 'shape': (...), }} padded with spaces and a newline so data starts on a 64-byte boundary, then
 * C-order little-endian float32. {@code numpy.load} reads it as it is.
 */
public final class NpyWriter {
  private NpyWriter() {}

  /** The header for a C-order float32 array of {@code shape}. */
  public static byte[] header(long... shape) {
    StringBuilder s = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (");
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] < 0) throw new IllegalArgumentException("negative dimension in npy shape");
      s.append(shape[i]);
      if (shape.length == 1 || i < shape.length - 1) s.append(",");
      if (i < shape.length - 1) s.append(" ");
    }
    s.append("), }");
    int unpadded = 10 + s.length() + 1; // magic 6 + version 2 + length 2 + dict + newline
    int pad = (64 - unpadded % 64) % 64;
    s.append(" ".repeat(pad)).append('\n');
    byte[] dict = s.toString().getBytes(StandardCharsets.US_ASCII);
    if (dict.length > 65535) throw new IllegalArgumentException("npy header too long");
    ByteBuffer b = ByteBuffer.allocate(10 + dict.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    b.putShort((short) dict.length).put(dict);
    return b.array();
  }

  /** Writes the header; follow with {@link #writeData} for every value in C order. */
  public static void writeHeader(OutputStream out, long... shape) throws IOException {
    out.write(header(shape));
  }

  /** Little-endian float32 values, in chunks (no whole-array byte copy). */
  public static void writeData(OutputStream out, float[] data, int off, int len) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    int end = off + len;
    for (int i = off; i < end; ) {
      b.clear();
      int n = Math.min(end - i, b.capacity() / 4);
      b.asFloatBuffer().put(data, i, n);
      out.write(b.array(), 0, n * 4);
      i += n;
    }
  }
}
