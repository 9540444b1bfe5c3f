package io.themachine.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes RIFF WAVE files byte by byte, including ones whose headers lie. Tests only. */
final class WavBytes {
  private final ByteArrayOutputStream extra = new ByteArrayOutputStream();
  private int formatTag = 1;
  private int channels = 1;
  private int rate = 48_000;
  private int bits = 16;
  private Long declaredDataBytes; // null: the real size
  private byte[] data = new byte[0];

  static WavBytes pcm16(int rate, int channels) {
    WavBytes w = new WavBytes();
    w.rate = rate;
    w.channels = channels;
    return w;
  }

  static WavBytes float32(int rate, int channels) {
    WavBytes w = pcm16(rate, channels);
    w.formatTag = 3;
    w.bits = 32;
    return w;
  }

  /** A 16-bit sine at amplitude 0.5 and {@code hz}, {@code frames} long, the same in every channel. */
  WavBytes sine(double hz, int frames) {
    ByteBuffer b = ByteBuffer.allocate(frames * channels * (bits / 8)).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < frames; i++) {
      double v = 0.5 * Math.sin(2 * Math.PI * hz * i / rate);
      for (int c = 0; c < channels; c++) {
        if (formatTag == 3) b.putFloat((float) v);
        else b.putShort((short) Math.round(v * 32767));
      }
    }
    data = b.array();
    return this;
  }

  WavBytes samples(float[] interleaved) {
    ByteBuffer b = ByteBuffer.allocate(interleaved.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : interleaved) b.putFloat(f);
    data = b.array();
    return this;
  }

  WavBytes rawData(byte[] d) {
    data = d;
    return this;
  }

  WavBytes declareDataBytes(long n) {
    declaredDataBytes = n;
    return this;
  }

  /** Adds a chunk before {@code data}, e.g. {@code LIST} with an INFO list, {@code bext} or {@code iXML}. */
  WavBytes chunk(String id, byte[] body) {
    ByteBuffer h = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    h.put(id.getBytes(StandardCharsets.US_ASCII)).putInt(body.length);
    extra.writeBytes(h.array());
    extra.writeBytes(body);
    if ((body.length & 1) == 1) extra.write(0);
    return this;
  }

  /** A {@code LIST/INFO} chunk with one sub-chunk, e.g. {@code INAM} = the title. */
  WavBytes infoTag(String id, String value) {
    byte[] v = (value + "\0").getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(4 + 8 + v.length + (v.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
    b.put("INFO".getBytes(StandardCharsets.US_ASCII)).put(id.getBytes(StandardCharsets.US_ASCII)).putInt(v.length).put(v);
    return chunk("LIST", b.array());
  }

  byte[] bytes() {
    int blockAlign = channels * bits / 8;
    ByteBuffer fmt = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    fmt.putShort((short) formatTag).putShort((short) channels).putInt(rate).putInt(rate * blockAlign)
        .putShort((short) blockAlign).putShort((short) bits);
    byte[] ex = extra.toByteArray();
    long dataSize = declaredDataBytes != null ? declaredDataBytes : data.length;
    ByteBuffer b = ByteBuffer.allocate(12 + 8 + 16 + ex.length + 8 + data.length).order(ByteOrder.LITTLE_ENDIAN);
    long riff = Math.min(0xFFFF_FFFFL, 4 + 8 + 16 + ex.length + 8 + dataSize);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) riff).put("WAVE".getBytes(StandardCharsets.US_ASCII));
    b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).put(fmt.array());
    b.put(ex);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) dataSize).put(data);
    return b.array();
  }
}
