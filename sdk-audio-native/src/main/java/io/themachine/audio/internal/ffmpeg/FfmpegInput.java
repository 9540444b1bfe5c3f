package io.themachine.audio.internal.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_DURATION_FROM_BITRATE;
import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_DECODER_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_STREAM_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AV_CHANNEL_ORDER_NATIVE;
import static org.bytedeco.ffmpeg.global.avutil.AV_CHANNEL_ORDER_UNSPEC;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_DBL;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_DBLP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_channel_from_index;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_describe;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_name;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_iterate;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import io.themachine.spi.audio.Channel;
import io.themachine.spi.audio.ChannelLayout;
import io.themachine.spi.audio.MediaException;
import io.themachine.spi.audio.MediaException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * One opened input: the demuxer ({@code AVFormatContext}), the audio decoder ({@code AVCodecContext}),
 * one {@code AVPacket} and one {@code AVFrame}. This object is their only owner; {@link #close()} frees
 * them all and is idempotent. Not thread-safe.
 *
 * <p>Header values are checked before anything is sized from them: a rate outside
 * [{@value #MIN_RATE}, {@value #MAX_RATE}] Hz or more than {@value #MAX_CHANNELS} channels is an
 * {@link Reason#INVALID_HEADER}. Decoding errors after the first good frame mark the input
 * {@link #damaged()} instead of failing, so a truncated file yields what really decodes.
 */
final class FfmpegInput implements AutoCloseable {
  /** Lowest accepted rate: below any real recording (telephony is 8 kHz), above a corrupt 0 or 1 Hz. */
  static final int MIN_RATE = 1000;
  /** Highest accepted rate: 768 kHz, the top of what DXD/DSD-to-PCM converters write. */
  static final int MAX_RATE = 768_000;
  /** Most channels accepted: {@link ChannelLayout#discrete} allows 1024; more is a corrupt header. */
  static final int MAX_CHANNELS = 1024;
  /** Consecutive decode errors after which the rest of the input is given up as damaged. */
  private static final int MAX_CONSECUTIVE_ERRORS = 64;

  /** Demuxers we let FFmpeg pick from: audio and audio-carrying containers, no playlists, images or text. */
  private static final String FORMAT_WHITELIST = String.join(",",
      "wav", "w64", "flac", "mp3", "aac", "mov", "mp4", "m4a", "3gp", "ogg", "matroska", "webm",
      "aiff", "caf", "au", "amr", "ac3", "eac3", "dts", "truehd", "mlp", "wv", "ape", "tta", "mpc",
      "mpc8", "asf", "avi", "mpeg", "mpegts", "flv", "voc", "oma", "dsf", "loas", "latm", "shorten",
      "tak", "wsaud", "xwma", "alac", "gsm", "sbc", "g722", "g723_1", "g729", "iff", "nut", "rm");

  /**
   * Stream and container keys that describe the encoding, not the recording; they are not tags.
   * {@code encoder} is here because FFmpeg also fills it from codec headers (the MP3 LAME/Xing
   * frame, which a stream copy must keep for gapless decoding); a WAV {@code ISFT} still counts,
   * through the {@code LIST} chunk the RIFF walk finds, and sanitizing drops every key anyway.
   */
  private static final Set<String> TECHNICAL_KEYS = Set.of(
      "major_brand", "minor_version", "compatible_brands", "language", "handler_name", "vendor_id",
      "duration", "encoder");

  private final String subject;
  private RiffChunks.Header riff;
  private AVFormatContext fmt;
  private AVCodecContext dec;
  private AVPacket pkt;
  private AVFrame frame;
  private int streamIndex = -1;
  private boolean draining;
  private boolean finished;
  private boolean damaged;
  private int consecutiveErrors;
  private long framesDecoded;

  private FfmpegInput(String subject) {
    this.subject = subject;
  }

  /** Opens {@code file}, finds its best audio stream and opens a decoder for it. */
  static FfmpegInput open(Path file, String subject) {
    FfmpegInput in = new FfmpegInput(subject);
    try {
      in.openInternal(file);
      return in;
    } catch (RuntimeException | Error e) {
      in.close();
      throw e;
    }
  }

  private void openInternal(Path file) {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      // The exception's own message names the path: never pass it on.
      throw new MediaException(Reason.IO, "cannot read input (" + e.getClass().getSimpleName() + "), " + subject);
    }
    if (size == 0) throw new MediaException(Reason.EMPTY, "input has zero bytes, " + subject);
    riff = RiffChunks.read(file);
    if (riff != null && riff.rate() >= 0) {
      // Checked before FFmpeg sees the file: its WAV reader refuses some of these with a generic
      // "Invalid data", and a channel count must never size anything.
      checkParameters((int) Math.min(Integer.MAX_VALUE, riff.rate()), riff.channels());
    }

    fmt = new AVFormatContext(null);
    AVDictionary opts = new AVDictionary(null);
    try {
      av_dict_set(opts, "protocol_whitelist", "file", 0);
      av_dict_set(opts, "format_whitelist", FORMAT_WHITELIST, 0);
      int r;
      // Explicit UTF-8: JavaCPP's String conversion would follow the JVM's native encoding and
      // mangle names outside it (a caller's name with an emoji must still open).
      try (BytePointer url = new BytePointer("file:" + file.toAbsolutePath(), StandardCharsets.UTF_8)) {
        r = avformat_open_input(fmt, url, null, opts);
      }
      if (r < 0) {
        fmt = null; // avformat_open_input frees the context on failure
        throw AvError.error(AvError.inputReason(r), "avformat_open_input", r, subject);
      }
    } finally {
      av_dict_free(opts);
    }
    checkStreams(); // before find_stream_info sizes any decoder from the header
    int r = avformat_find_stream_info(fmt, (AVDictionary) null);
    if (r < 0) throw AvError.error(Reason.CORRUPT, "avformat_find_stream_info", r, subject);

    int idx = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
    if (idx == AVERROR_STREAM_NOT_FOUND) {
      throw new MediaException(Reason.UNRECOGNIZED, "av_find_best_stream: no audio stream, " + subject);
    }
    if (idx < 0) {
      throw AvError.error(idx == AVERROR_DECODER_NOT_FOUND ? Reason.UNSUPPORTED : Reason.CORRUPT,
          "av_find_best_stream", idx, subject);
    }
    streamIndex = idx;
    AVCodecParameters par = fmt.streams(idx).codecpar();
    checkParameters(par.sample_rate(), par.ch_layout().nb_channels());
    AVCodec codec = avcodec_find_decoder(par.codec_id());
    if (codec == null || codec.isNull()) {
      throw new MediaException(Reason.UNSUPPORTED,
          "avcodec_find_decoder: no decoder for " + avcodec_get_name(par.codec_id()).getString() + ", " + subject);
    }
    dec = avcodec_alloc_context3(codec);
    if (dec == null || dec.isNull()) throw new OutOfMemoryError("avcodec_alloc_context3");
    AvError.check(avcodec_parameters_to_context(dec, par), "avcodec_parameters_to_context", Reason.CORRUPT, subject);
    dec.pkt_timebase(fmt.streams(idx).time_base());
    AvError.check(avcodec_open2(dec, codec, (AVDictionary) null), "avcodec_open2", Reason.UNSUPPORTED, subject);
    checkParameters(dec.sample_rate(), dec.ch_layout().nb_channels());
    pkt = av_packet_alloc();
    frame = av_frame_alloc();
    if (pkt == null || pkt.isNull() || frame == null || frame.isNull()) throw new OutOfMemoryError("av_packet_alloc/av_frame_alloc");
  }

  private void checkStreams() {
    for (int i = 0; i < fmt.nb_streams(); i++) {
      AVCodecParameters par = fmt.streams(i).codecpar();
      if (par.codec_type() != AVMEDIA_TYPE_AUDIO) continue;
      int ch = par.ch_layout().nb_channels();
      int rate = par.sample_rate();
      // A header may leave these unset (0) for the decoder to fill in; only reject claims made.
      if (ch > MAX_CHANNELS || ch < 0 || (rate != 0 && (rate < MIN_RATE || rate > MAX_RATE))) {
        checkParameters(rate, ch);
      }
      if (rate == 0 && par.codec_id() != 0 && isPcm(par.codec_id())) checkParameters(rate, ch);
    }
  }

  private static boolean isPcm(int codecId) {
    String name = avcodec_get_name(codecId).getString();
    return name.startsWith("pcm_");
  }

  private void checkParameters(int rate, int channels) {
    if (rate < MIN_RATE || rate > MAX_RATE) {
      throw new MediaException(Reason.INVALID_HEADER,
          "header check: the header declares a sample rate of " + rate + " Hz, outside [" + MIN_RATE + ", " + MAX_RATE + "], " + subject);
    }
    if (channels < 1 || channels > MAX_CHANNELS) {
      throw new MediaException(Reason.INVALID_HEADER,
          "header check: the header declares " + channels + " channels, outside [1, " + MAX_CHANNELS + "], " + subject);
    }
  }

  // ---- facts -------------------------------------------------------------------------------

  String subject() {
    return subject;
  }

  AVFormatContext formatContext() {
    return live(fmt);
  }

  AVCodecContext decoder() {
    return live(dec);
  }

  int streamIndex() {
    return streamIndex;
  }

  AVStream stream() {
    return live(fmt).streams(streamIndex);
  }

  /** The first name of the demuxer, e.g. {@code wav}, {@code mov}, {@code matroska}. */
  String container() {
    String n = live(fmt).iformat().name().getString();
    int comma = n.indexOf(',');
    return comma < 0 ? n : n.substring(0, comma);
  }

  String codec() {
    return avcodec_get_name(stream().codecpar().codec_id()).getString();
  }

  int sampleRate() {
    return live(dec).sample_rate();
  }

  ChannelLayout layout() {
    return toLayout(live(dec).ch_layout());
  }

  /** The RIFF WAVE header, when the input is one. */
  RiffChunks.Header riff() {
    return riff;
  }

  /**
   * The duration the header claims, in seconds, or null when it claims none. For WAV this is the
   * {@code data} chunk's declared size, which FFmpeg clamps to the file and so would hide a lie.
   */
  Double declaredSeconds() {
    if (riff != null && riff.declaredSeconds() != null) return riff.declaredSeconds();
    // A duration FFmpeg guessed from the bit rate and the file size (an MP3 without a Xing or VBRI
    // header) is nobody's claim, and comparing against it would flag honest VBR files as truncated.
    if (live(fmt).duration_estimation_method() == AVFMT_DURATION_FROM_BITRATE) return null;
    AVStream st = stream();
    if (st.duration() != AV_NOPTS_VALUE && st.duration() > 0 && st.time_base().den() > 0) {
      return st.duration() * (double) st.time_base().num() / st.time_base().den();
    }
    long d = live(fmt).duration();
    if (d != AV_NOPTS_VALUE && d > 0) return d / (double) AV_TIME_BASE;
    return null;
  }

  /**
   * What in this input counts as a tag: metadata keys (never values), chapters, attached pictures
   * and any stream besides the audio one. Key names are for tests and counting only; never log them.
   */
  Set<String> tagMarkers() {
    Set<String> out = new TreeSet<>();
    AVFormatContext f = live(fmt);
    addKeys(f.metadata(), out);
    if (f.nb_chapters() > 0) out.add("<chapters>");
    for (int i = 0; i < f.nb_streams(); i++) {
      AVStream st = f.streams(i);
      addKeys(st.metadata(), out);
      if ((st.disposition() & AV_DISPOSITION_ATTACHED_PIC) != 0) out.add("<attached picture>");
      if (i != streamIndex) out.add("<extra stream>");
    }
    return out;
  }

  private static void addKeys(AVDictionary d, Set<String> out) {
    if (d == null || d.isNull()) return;
    for (AVDictionaryEntry e = av_dict_iterate(d, null); e != null && !e.isNull(); e = av_dict_iterate(d, e)) {
      String key = e.key().getString(StandardCharsets.UTF_8);
      if (!TECHNICAL_KEYS.contains(key.toLowerCase(java.util.Locale.ROOT))) out.add(key);
    }
  }

  static ChannelLayout toLayout(AVChannelLayout l) {
    int n = l.nb_channels();
    if (l.order() == AV_CHANNEL_ORDER_UNSPEC) {
      // A plain WAVEFORMATEX header (no channel mask) names no positions; by that format's
      // convention one channel is mono and two are left/right. Anything else stays discrete.
      return n == 1 ? ChannelLayout.MONO : n == 2 ? ChannelLayout.STEREO : ChannelLayout.discrete(n);
    }
    byte[] buf = new byte[128];
    if (av_channel_layout_describe(l, buf, buf.length) > 0) {
      var named = ChannelLayout.byName(cString(buf));
      if (named.isPresent() && named.get().channels() == n) return named.get();
    }
    if (l.order() != AV_CHANNEL_ORDER_NATIVE) return ChannelLayout.discrete(n);
    List<ChannelLayout.Position> positions = new ArrayList<>(n);
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int ch = av_channel_layout_channel_from_index(l, i);
      Channel c = Channel.DISCRETE;
      if (av_channel_name(buf, buf.length, ch) > 0) {
        try {
          c = Channel.valueOf(cString(buf));
        } catch (IllegalArgumentException unknown) {
          c = Channel.DISCRETE;
        }
      }
      positions.add(ChannelLayout.Position.of(c));
      name.append(i == 0 ? "" : "+").append(c);
    }
    return new ChannelLayout(name.toString(), positions);
  }

  private static String cString(byte[] buf) {
    int n = 0;
    while (n < buf.length && buf[n] != 0) n++;
    return new String(buf, 0, n, StandardCharsets.UTF_8);
  }

  // ---- decoding ----------------------------------------------------------------------------

  /** True when reading or decoding failed after the input opened: the rest is missing or damaged. */
  boolean damaged() {
    return damaged;
  }

  long framesDecoded() {
    return framesDecoded;
  }

  /**
   * The next decoded frame (owned by this input and valid until the next call), or null at the end.
   * Corrupt packets are skipped and mark the input damaged; a run of them ends the stream.
   */
  AVFrame nextFrame() {
    if (finished) return null;
    AVCodecContext d = live(dec);
    while (true) {
      int r = avcodec_receive_frame(d, frame);
      if (r >= 0) {
        consecutiveErrors = 0;
        framesDecoded += frame.nb_samples();
        return frame;
      }
      if (r == AVERROR_EOF) {
        finished = true;
        return null;
      }
      if (r != AvError.EAGAIN) {
        if (noteError()) return endDamaged();
        continue;
      }
      if (draining) { // a drained decoder that still wants input: nothing more will come
        finished = true;
        return null;
      }
      r = av_read_frame(fmt, pkt);
      if (r < 0) {
        if (r != AVERROR_EOF) damaged = true;
        draining = true;
        avcodec_send_packet(d, null);
        continue;
      }
      try {
        if (pkt.stream_index() != streamIndex) continue;
        int s = avcodec_send_packet(d, pkt);
        if (s < 0 && s != AvError.EAGAIN && noteError()) return endDamaged();
      } finally {
        av_packet_unref(pkt);
      }
    }
  }

  private boolean noteError() {
    damaged = true;
    return ++consecutiveErrors >= MAX_CONSECUTIVE_ERRORS;
  }

  private AVFrame endDamaged() {
    finished = true;
    if (framesDecoded == 0) {
      throw new MediaException(Reason.CORRUPT, "avcodec_send_packet/avcodec_receive_frame: "
          + MAX_CONSECUTIVE_ERRORS + " packets in a row failed to decode and none decoded, " + subject);
    }
    return null;
  }

  /** Counts NaN and infinite samples in a decoded frame; integer formats cannot hold any. */
  static long countNonFinite(AVFrame f, float[] fScratch, double[] dScratch) {
    int fmtId = f.format();
    int n = f.nb_samples();
    int ch = f.ch_layout().nb_channels();
    long bad = 0;
    if (fmtId == AV_SAMPLE_FMT_FLTP || fmtId == AV_SAMPLE_FMT_FLT) {
      int planes = fmtId == AV_SAMPLE_FMT_FLTP ? ch : 1;
      int per = fmtId == AV_SAMPLE_FMT_FLTP ? n : n * ch;
      for (int p = 0; p < planes; p++) {
        FloatPointer fp = new FloatPointer(f.extended_data().get(p));
        for (int off = 0; off < per; off += fScratch.length) {
          int len = Math.min(fScratch.length, per - off);
          fp.position(off).get(fScratch, 0, len);
          for (int i = 0; i < len; i++) if (!Float.isFinite(fScratch[i])) bad++;
        }
      }
    } else if (fmtId == AV_SAMPLE_FMT_DBLP || fmtId == AV_SAMPLE_FMT_DBL) {
      int planes = fmtId == AV_SAMPLE_FMT_DBLP ? ch : 1;
      int per = fmtId == AV_SAMPLE_FMT_DBLP ? n : n * ch;
      for (int p = 0; p < planes; p++) {
        DoublePointer dp = new DoublePointer(f.extended_data().get(p));
        for (int off = 0; off < per; off += dScratch.length) {
          int len = Math.min(dScratch.length, per - off);
          dp.position(off).get(dScratch, 0, len);
          for (int i = 0; i < len; i++) if (!Double.isFinite(dScratch[i])) bad++;
        }
      }
    }
    return bad;
  }

  private <T extends org.bytedeco.javacpp.Pointer> T live(T p) {
    if (p == null || p.isNull()) throw new IllegalStateException("FfmpegInput used after close");
    return p;
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
    if (dec != null) {
      avcodec_free_context(dec);
      dec = null;
    }
    if (fmt != null) {
      if (!fmt.isNull()) avformat_close_input(fmt);
      fmt = null;
    }
  }

}
