package io.themachine.audio.separation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Reads numpy's {@code .npz} (a zip of {@code .npy} v1 files): little-endian float32 and float64, C order. */
final class NpzReader {
  private NpzReader() {}

  /** An array as doubles with its shape. */
  record Array(int[] shape, double[] data) {
    float[] floats() {
      float[] f = new float[data.length];
      for (int i = 0; i < f.length; i++) f[i] = (float) data[i];
      return f;
    }
  }

  static Map<String, Array> read(InputStream in) {
    Map<String, Array> out = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        zip.transferTo(b);
        String name = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
        out.put(name, parse(b.toByteArray()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<|>]?[a-z]\\d)'");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  static Array parse(byte[] bytes) {
    ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes[0] != (byte) 0x93 || bytes[1] != 'N') throw new IllegalArgumentException("not .npy");
    int major = bytes[6];
    int headerLen = major == 1 ? bb.getShort(8) & 0xffff : bb.getInt(8);
    int start = major == 1 ? 10 : 12;
    String header = new String(bytes, start, headerLen, StandardCharsets.ISO_8859_1);
    if (header.contains("'fortran_order': True")) throw new IllegalArgumentException("fortran order");
    Matcher d = DESCR.matcher(header), s = SHAPE.matcher(header);
    if (!d.find() || !s.find()) throw new IllegalArgumentException("bad header " + header);
    String[] dims = s.group(1).split(",");
    int count = 0;
    int[] shape = new int[dims.length];
    int n = 1;
    for (String dim : dims) {
      if (dim.isBlank()) continue;
      shape[count] = Integer.parseInt(dim.trim());
      n *= shape[count++];
    }
    shape = java.util.Arrays.copyOf(shape, count);
    double[] data = new double[n];
    bb.position(start + headerLen);
    switch (d.group(1)) {
      case "<f4" -> { for (int i = 0; i < n; i++) data[i] = bb.getFloat(); }
      case "<f8" -> { for (int i = 0; i < n; i++) data[i] = bb.getDouble(); }
      case "|b1" -> { for (int i = 0; i < n; i++) data[i] = bb.get(); }
      default -> throw new IllegalArgumentException("dtype " + d.group(1));
    }
    return new Array(shape, data);
  }
}
