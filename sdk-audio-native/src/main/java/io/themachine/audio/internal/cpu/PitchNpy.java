package io.themachine.audio.internal.cpu;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A minimal NPY format 1.0 writer (numpy's {@code format.py}: magic {@code \x93NUMPY}, version
 * 1.0, a little-endian uint16 header length, an ASCII dict padded with spaces and a newline so the
 * data starts at a multiple of 64 bytes), little-endian float32, C order. Private to the pitch
 * extension; the feature extensions carry their own (to be merged).
 */
public final class PitchNpy {
  private PitchNpy() {}

  /** Writes {@code data} (C order, {@code prod(shape)} values) as a float32 array of {@code shape}. */
  public static void writeFloat32(OutputStream out, int[] shape, float[] data) throws IOException {
    long count = 1;
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      count *= shape[i];
      s.append(shape[i]);
      if (shape.length == 1 || i < shape.length - 1) s.append(shape.length == 1 ? "," : ", ");
    }
    s.append(')');
    if (count != data.length) throw new IllegalArgumentException("NPY shape holds " + count + " values, data " + data.length);
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + s + ", }";
    int unpadded = 10 + dict.length() + 1;
    int pad = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    byte[] h = header.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    pre.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    pre.putShort((short) h.length);
    out.write(pre.array());
    out.write(h);
    ByteBuffer body = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : data) {
      if (!body.hasRemaining()) {
        out.write(body.array(), 0, body.position());
        body.clear();
      }
      body.putFloat(v);
    }
    out.write(body.array(), 0, body.position());
  }
}
