package io.themachine.audio.internal.ffmpeg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.TreeSet;

/**
 * Walks the top-level chunks of a RIFF/RF64 WAVE file and names those that carry metadata:
 * {@code LIST} (INFO, adtl), {@code bext} (EBU Tech 3285 broadcast extension), {@code iXML},
 * {@code id3 }/{@code ID3 }, {@code _PMX} (XMP), {@code cue }, {@code smpl}, {@code axml}. FFmpeg's
 * demuxer exposes only some of these as metadata, so the walk does not depend on it. Reads chunk
 * headers only (8 bytes each, at most {@value #MAX_CHUNKS} of them); a size field never drives
 * an allocation.
 */
final class RiffChunks {
  private RiffChunks() {}

  private static final int MAX_CHUNKS = 4096;
  private static final Set<String> TAG_CHUNKS =
      Set.of("LIST", "bext", "iXML", "id3 ", "ID3 ", "_PMX", "cue ", "smpl", "axml", "DISP", "labl", "note");

  /**
   * What the header of a RIFF WAVE file says.
   *
   * @param tagChunks metadata chunk ids found (e.g. {@code riff:LIST})
   * @param channels  the {@code fmt } chunk's channel count, or -1 when absent
   * @param rate      the {@code fmt } chunk's sample rate, or -1 when absent
   * @param byteRate  the {@code fmt } chunk's bytes per second, or -1 when absent
   * @param dataBytes the {@code data} chunk's declared size (not what is present), or -1
   */
  record Header(Set<String> tagChunks, int channels, long rate, long byteRate, long dataBytes) {
    /** The duration the header claims, or null when it does not say. */
    Double declaredSeconds() {
      return byteRate > 0 && dataBytes >= 0 && dataBytes != 0xFFFF_FFFFL ? dataBytes / (double) byteRate : null;
    }
  }

  /** The metadata chunk ids found, or an empty set when the file is not RIFF WAVE. */
  static Set<String> tagChunks(Path file) {
    Header h = read(file);
    return h == null ? Set.of() : h.tagChunks();
  }

  /** The header of a RIFF WAVE file, or null when {@code file} is not one. */
  static Header read(Path file) {
    Set<String> out = new TreeSet<>();
    int channels = -1;
    long rate = -1, byteRate = -1, dataBytes = -1;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      if (ch.read(head, 0) < 12) return null;
      String riff = ascii(head, 0);
      if (!(riff.equals("RIFF") || riff.equals("RF64") || riff.equals("BW64")) || !ascii(head, 8).equals("WAVE")) return null;
      long pos = 12;
      long size = ch.size();
      ByteBuffer hdr = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < MAX_CHUNKS && pos + 8 <= size; i++) {
        hdr.clear();
        if (ch.read(hdr, pos) < 8) break;
        String id = ascii(hdr, 0);
        long len = Integer.toUnsignedLong(hdr.getInt(4));
        if (TAG_CHUNKS.contains(id)) out.add("riff:" + id.trim());
        if (id.equals("fmt ") && len >= 16) {
          ByteBuffer fmt = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
          if (ch.read(fmt, pos + 8) == 16) {
            channels = Short.toUnsignedInt(fmt.getShort(2));
            rate = Integer.toUnsignedLong(fmt.getInt(4));
            byteRate = Integer.toUnsignedLong(fmt.getInt(8));
          }
        }
        if (id.equals("data") && dataBytes < 0) dataBytes = len;
        // RF64 keeps the real data size in ds64; its 32-bit field is 0xFFFFFFFF. Either way, an
        // oversized data chunk simply runs past the end of the file and ends the walk.
        pos += 8 + len + (len & 1);
      }
    } catch (IOException e) {
      out.add("riff:<unreadable>");
    }
    return new Header(out, channels, rate, byteRate, dataBytes);
  }

  private static String ascii(ByteBuffer b, int off) {
    byte[] id = new byte[4];
    for (int i = 0; i < 4; i++) id[i] = b.get(off + i);
    return new String(id, StandardCharsets.ISO_8859_1);
  }
}
