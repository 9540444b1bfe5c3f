package io.themachine.audio.internal.ffmpeg;

import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set;

import io.themachine.spi.audio.MediaException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.avutil.AVDictionary;

/**
 * One output file: the muxer ({@code AVFormatContext}) and its {@code AVIOContext}, with one owner.
 * Every muxer runs with {@code fflags=+bitexact}, so FFmpeg writes no encoder tag (no WAV
 * {@code LIST/INFO ISFT}, no MP4 {@code ©too}, no Vorbis-comment vendor version), and MP3 output
 * gets no ID3v2 or ID3v1 tag at all.
 */
final class FfmpegOutput implements AutoCloseable {
  private final String subject;
  private AVFormatContext ctx;
  private AVIOContext pb;
  private boolean headerWritten;

  private FfmpegOutput(String subject) {
    this.subject = subject;
  }

  static FfmpegOutput create(String muxer, Path file, String subject) {
    FfmpegOutput o = new FfmpegOutput(subject);
    try {
      o.ctx = new AVFormatContext(null);
      int r = avformat_alloc_output_context2(o.ctx, (AVOutputFormat) null, muxer, (String) null);
      if (r < 0 || o.ctx.isNull()) {
        o.ctx = null;
        throw AvError.error(Reason.UNSUPPORTED, "avformat_alloc_output_context2(" + muxer + ")", r < 0 ? r : -1, subject);
      }
      AvError.check(av_opt_set(o.ctx, "fflags", "+bitexact", 0), "av_opt_set(fflags)", Reason.UNSUPPORTED, subject);
      // No PADDING block in FLAC headers: room reserved for tags is an invitation to add them.
      av_opt_set(o.ctx, "metadata_header_padding", "0", 0);
      o.pb = new AVIOContext(null);
      try (BytePointer url = new BytePointer("file:" + file.toAbsolutePath(), StandardCharsets.UTF_8)) {
        r = avio_open(o.pb, url, AVIO_FLAG_WRITE);
      }
      if (r < 0) {
        o.pb = null;
        throw AvError.error(Reason.IO, "avio_open", r, subject);
      }
      o.ctx.pb(o.pb);
      return o;
    } catch (RuntimeException | Error e) {
      o.close();
      throw e;
    }
  }

  AVFormatContext context() {
    if (ctx == null) throw new IllegalStateException("FfmpegOutput used after close");
    return ctx;
  }

  void writeHeader() {
    AVDictionary opts = new AVDictionary(null);
    try {
      av_dict_set(opts, "id3v2_version", "0", 0); // mp3: no ID3v2 tag
      av_dict_set(opts, "write_id3v1", "0", 0);
      av_dict_set(opts, "write_bext", "0", 0); // wav: no bext chunk
      AvError.check(avformat_write_header(context(), opts), "avformat_write_header", Reason.UNSUPPORTED, subject);
      headerWritten = true;
    } finally {
      av_dict_free(opts);
    }
  }

  void write(AVPacket pkt) {
    AvError.check(av_interleaved_write_frame(context(), pkt), "av_interleaved_write_frame", Reason.IO, subject);
  }

  void finish() {
    if (!headerWritten) throw new IllegalStateException("header not written");
    AvError.check(av_write_trailer(context()), "av_write_trailer", Reason.IO, subject);
    closeIo();
  }

  private void closeIo() {
    if (pb != null) {
      if (ctx != null) ctx.pb(null);
      avio_closep(pb);
      pb = null;
    }
  }

  @Override
  public void close() {
    closeIo();
    if (ctx != null) {
      avformat_free_context(ctx);
      ctx = null;
    }
  }
}
