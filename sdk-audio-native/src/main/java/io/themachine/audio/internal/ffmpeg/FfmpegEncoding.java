package io.themachine.audio.internal.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_CAP_VARIABLE_FRAME_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_BITEXACT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S32;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioEncoding;
import io.themachine.spi.audio.MediaException;
import io.themachine.spi.audio.MediaException.Reason;
import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Encodes planar float32 blocks into a file: WAV (PCM 16/24-bit, float32), FLAC (24-bit) and MP3
 * (libmp3lame). Owns its encoder context, frame, packet, {@code SwrContext} and output; all freed in
 * {@link #close()}, once. Non-finite input samples fail with {@link Reason#NON_FINITE}.
 */
final class FfmpegEncoding implements AutoCloseable {
  private final String subject;
  private FfmpegOutput out;
  private AVCodecContext enc;
  private AVFrame frame;
  private AVPacket pkt;
  private SwrContext swr;
  private FloatPointer[] inPlanes;
  private PointerPointer<FloatPointer> inPP;
  private AVStream stream;

  private FfmpegEncoding(String subject) {
    this.subject = subject;
  }

  static void encode(AudioBlockReader audio, AudioEncoding encoding, java.nio.file.Path file, String subject) {
    try (FfmpegEncoding e = new FfmpegEncoding(subject)) {
      e.run(audio, encoding, file);
    }
  }

  private static String muxer(String container) {
    return switch (container.toLowerCase(Locale.ROOT)) {
      case "wav" -> "wav";
      case "flac" -> "flac";
      case "mp3" -> "mp3";
      default -> throw new MediaException(Reason.UNSUPPORTED, "no encoder set up for container " + container);
    };
  }

  private void run(AudioBlockReader audio, AudioEncoding encoding, java.nio.file.Path file) {
    String mux = muxer(encoding.container());
    AVCodec codec = avcodec_find_encoder_by_name(encoding.codec());
    if (codec == null || codec.isNull()) {
      throw new MediaException(Reason.UNSUPPORTED,
          "avcodec_find_encoder_by_name: encoder " + encoding.codec() + " is not in this FFmpeg build, " + subject);
    }
    int sampleFmt;
    int bits = 0;
    switch (encoding.codec()) {
      case "pcm_s16le" -> sampleFmt = AV_SAMPLE_FMT_S16;
      case "pcm_s24le" -> { sampleFmt = AV_SAMPLE_FMT_S32; bits = 24; }
      case "pcm_f32le" -> sampleFmt = AV_SAMPLE_FMT_FLT;
      case "flac" -> { sampleFmt = AV_SAMPLE_FMT_S32; bits = 24; }
      case "libmp3lame" -> sampleFmt = AV_SAMPLE_FMT_FLTP;
      default -> throw new MediaException(Reason.UNSUPPORTED, "codec " + encoding.codec() + " is not supported for export, " + subject);
    }
    int rate = audio.sampleRate();
    int channels = audio.channels();

    out = FfmpegOutput.create(mux, file, subject);
    enc = avcodec_alloc_context3(codec);
    if (enc == null || enc.isNull()) throw new OutOfMemoryError("avcodec_alloc_context3");
    enc.sample_fmt(sampleFmt);
    if (bits > 0) enc.bits_per_raw_sample(bits);
    enc.sample_rate(rate);
    // JavaCPP structs allocated here are closed here: nothing is left for the GC to free.
    try (AVChannelLayout fallback = defaultLayout(channels)) {
      AVChannelLayout layout = FfmpegLayouts.toAv(audio.layout(), fallback, subject);
      try {
        av_channel_layout_copy(enc.ch_layout(), layout);
      } finally {
        av_channel_layout_uninit(layout);
        layout.close();
      }
      av_channel_layout_uninit(fallback);
    }
    try (AVRational tb = new AVRational()) {
      enc.time_base(tb.num(1).den(rate));
    }
    if (encoding.bitrateKbps() > 0) enc.bit_rate(encoding.bitrateKbps() * 1000L);
    enc.flags(enc.flags() | AV_CODEC_FLAG_BITEXACT);
    if ((out.context().oformat().flags() & AVFMT_GLOBALHEADER) != 0) enc.flags(enc.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
    AvError.check(avcodec_open2(enc, codec, (AVDictionary) null), "avcodec_open2(" + encoding.codec() + ")", Reason.UNSUPPORTED, subject);

    stream = avformat_new_stream(out.context(), null);
    if (stream == null || stream.isNull()) throw new OutOfMemoryError("avformat_new_stream");
    AvError.check(avcodec_parameters_from_context(stream.codecpar(), enc), "avcodec_parameters_from_context", Reason.UNSUPPORTED, subject);
    stream.time_base(enc.time_base());
    out.writeHeader();

    SwrContext s = new SwrContext(null);
    AvError.check(swr_alloc_set_opts2(s, enc.ch_layout(), sampleFmt, rate, enc.ch_layout(), AV_SAMPLE_FMT_FLTP, rate, 0, null),
        "swr_alloc_set_opts2", Reason.UNSUPPORTED, subject);
    swr = s;
    AvError.check(swr_init(swr), "swr_init", Reason.UNSUPPORTED, subject);

    boolean variable = (codec.capabilities() & AV_CODEC_CAP_VARIABLE_FRAME_SIZE) != 0;
    int frameSize = enc.frame_size() > 0 ? enc.frame_size() : 4096;
    frame = av_frame_alloc();
    pkt = av_packet_alloc();
    if (frame == null || frame.isNull() || pkt == null || pkt.isNull()) throw new OutOfMemoryError("av_frame_alloc");
    inPlanes = new FloatPointer[channels];
    inPP = new PointerPointer<>(channels);
    for (int c = 0; c < channels; c++) {
      inPlanes[c] = new FloatPointer(frameSize);
      inPP.put(c, inPlanes[c]);
    }
    float[][] block = new float[channels][frameSize];
    long pts = 0;
    boolean end = false;
    while (!end) {
      int filled = 0;
      while (filled < frameSize) {
        int n = audio.read(block, filled, frameSize - filled);
        if (n < 0) {
          end = true;
          break;
        }
        filled += n;
      }
      if (filled == 0) break;
      if (filled < frameSize && !end && !variable) throw new IllegalStateException("short block before the end");
      for (int c = 0; c < channels; c++) {
        float[] b = block[c];
        for (int i = 0; i < filled; i++) {
          if (!Float.isFinite(b[i])) {
            throw new MediaException(Reason.NON_FINITE, "NaN or infinite sample at frame " + (pts + i) + ", refusing to encode, " + subject);
          }
        }
        inPlanes[c].put(b, 0, filled);
      }
      sendFrame(filled, pts, sampleFmt);
      pts += filled;
    }
    AvError.check(avcodec_send_frame(enc, null), "avcodec_send_frame", Reason.UNSUPPORTED, subject);
    drain();
    out.finish();
  }

  private static AVChannelLayout defaultLayout(int channels) {
    AVChannelLayout l = new AVChannelLayout();
    org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default(l, channels);
    return l;
  }

  private void sendFrame(int n, long pts, int sampleFmt) {
    av_frame_free(frame); // a fresh buffer per frame: the encoder may keep a reference to the last one
    frame = av_frame_alloc();
    frame.nb_samples(n);
    frame.format(sampleFmt);
    frame.sample_rate(enc.sample_rate());
    av_channel_layout_copy(frame.ch_layout(), enc.ch_layout());
    AvError.check(av_frame_get_buffer(frame, 0), "av_frame_get_buffer", Reason.UNSUPPORTED, subject);
    AvError.check(av_frame_make_writable(frame), "av_frame_make_writable", Reason.UNSUPPORTED, subject);
    int got = swr_convert(swr, frame.extended_data(), n, inPP, n);
    if (got != n) throw AvError.error(Reason.UNSUPPORTED, "swr_convert", got < 0 ? got : -1, subject);
    frame.pts(pts);
    AvError.check(avcodec_send_frame(enc, frame), "avcodec_send_frame", Reason.UNSUPPORTED, subject);
    drain();
  }

  private void drain() {
    while (true) {
      int r = avcodec_receive_packet(enc, pkt);
      if (r == AvError.EAGAIN || r == AVERROR_EOF) return;
      AvError.check(r, "avcodec_receive_packet", Reason.UNSUPPORTED, subject);
      try {
        pkt.stream_index(stream.index());
        av_packet_rescale_ts(pkt, enc.time_base(), stream.time_base());
        out.write(pkt);
      } finally {
        av_packet_unref(pkt);
      }
    }
  }

  @Override
  public void close() {
    if (frame != null) {
      av_frame_free(frame);
      frame = null;
    }
    if (pkt != null) {
      av_packet_free(pkt);
      pkt = null;
    }
    if (swr != null) {
      swr_free(swr);
      swr = null;
    }
    if (inPlanes != null) {
      for (FloatPointer p : inPlanes) if (p != null) p.close();
      inPlanes = null;
    }
    if (inPP != null) {
      inPP.close();
      inPP = null;
    }
    if (enc != null) {
      avcodec_free_context(enc);
      enc = null;
    }
    if (out != null) {
      out.close();
      out = null;
    }
  }
}
