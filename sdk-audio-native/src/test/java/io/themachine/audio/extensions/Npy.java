package io.themachine.audio.extensions;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Reads back a float32 NPY v1.0 file the way numpy.load does (the parts we write). */
record Npy(String header, long[] shape, float[] data) {
  static Npy parse(byte[] b) {
    if ((b[0] & 0xff) != 0x93 || !new String(b, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY") || b[6] != 1 || b[7] != 0) {
      throw new IllegalArgumentException("not NPY v1.0");
    }
    int hl = (b[8] & 0xff) | (b[9] & 0xff) << 8;
    String h = new String(b, 10, hl, StandardCharsets.US_ASCII);
    if ((10 + hl) % 64 != 0 || !h.endsWith("\n")) throw new IllegalArgumentException("header not aligned to 64");
    if (!h.contains("'descr': '<f4'") || !h.contains("'fortran_order': False")) throw new IllegalArgumentException(h);
    String s = h.substring(h.indexOf("'shape': (") + 10, h.indexOf(")"));
    String[] parts = s.split(",");
    java.util.List<Long> dims = new java.util.ArrayList<>();
    for (String p : parts) if (!p.isBlank()) dims.add(Long.parseLong(p.trim()));
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    long count = 1;
    for (long d : shape) count *= d;
    if (b.length - 10 - hl != count * 4) throw new IllegalArgumentException("data length " + (b.length - 10 - hl) + " for " + count);
    float[] data = new float[(int) count];
    ByteBuffer.wrap(b, 10 + hl, (int) count * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
    return new Npy(h, shape, data);
  }
}
