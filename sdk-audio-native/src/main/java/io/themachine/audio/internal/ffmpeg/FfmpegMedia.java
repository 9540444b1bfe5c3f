package io.themachine.audio.internal.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_DBL;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_DBLP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;

import io.themachine.spi.audio.AudioEncoding;
import io.themachine.spi.audio.MediaException;
import io.themachine.spi.audio.MediaException.Reason;
import io.themachine.spi.audio.MediaInfo;
import io.themachine.spi.audio.SanitizeResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/** Probe and sanitize through FFmpeg. Signatures name only SPI and JDK types. */
final class FfmpegMedia {
  private FfmpegMedia() {}

  /** Declared minus decoded seconds beyond which a file counts as truncated: 100 ms plus 1 %. */
  static boolean shortOfDeclared(Double declared, double decoded) {
    return declared != null && declared - decoded > 0.1 + 0.01 * declared;
  }

  /** A probe with the tag markers it found (key names only; for tests, never for logs). */
  record Probe(MediaInfo info, Set<String> tagMarkers) {}

  static MediaInfo probe(Path file, String subject) {
    return probeWithMarkers(file, subject).info();
  }

  static Probe probeWithMarkers(Path file, String subject) {
    try (FfmpegInput in = FfmpegInput.open(file, subject)) {
      Set<String> markers = new TreeSet<>(in.tagMarkers());
      String container = in.container();
      if (in.riff() != null) markers.addAll(in.riff().tagChunks());
      Double declared = in.declaredSeconds();
      float[] fs = new float[4096];
      double[] ds = new double[4096];
      long nonFinite = 0;
      int rate = in.sampleRate();
      for (AVFrame f; (f = in.nextFrame()) != null; ) {
        int fmt = f.format();
        if (fmt == AV_SAMPLE_FMT_FLT || fmt == AV_SAMPLE_FMT_FLTP || fmt == AV_SAMPLE_FMT_DBL || fmt == AV_SAMPLE_FMT_DBLP) {
          nonFinite += FfmpegInput.countNonFinite(f, fs, ds);
        }
        if (f.sample_rate() > 0) rate = f.sample_rate();
      }
      long frames = in.framesDecoded();
      if (frames == 0) {
        throw new MediaException(in.damaged() ? Reason.CORRUPT : Reason.EMPTY, "avcodec_receive_frame: decoding produced no audio frames, " + subject);
      }
      double decoded = frames / (double) rate;
      boolean truncated = in.damaged() || shortOfDeclared(declared, decoded);
      MediaInfo info = new MediaInfo(container, in.codec(), in.sampleRate(), in.layout(), declared, decoded,
          !markers.isEmpty(), truncated, nonFinite);
      return new Probe(info, markers);
    }
  }

  /** Container (muxer) and file extension for a stream-copy of {@code codec} found in {@code container}. */
  private static String[] copyTarget(String container, String codec) {
    if (container.equals("wav")) return new String[] {"wav", "wav"}; // whatever RIFF carried, RIFF carries
    if (codec.startsWith("pcm_") && (codec.endsWith("le") || codec.equals("pcm_u8") || codec.equals("pcm_alaw") || codec.equals("pcm_mulaw"))) {
      return new String[] {"wav", "wav"};
    }
    return switch (codec) {
      case "flac" -> container.equals("ogg") ? new String[] {"ogg", "oga"} : new String[] {"flac", "flac"};
      case "mp3" -> new String[] {"mp3", "mp3"};
      case "aac", "alac" -> new String[] {"ipod", "m4a"};
      case "opus" -> container.equals("matroska") ? new String[] {"webm", "webm"} : new String[] {"opus", "opus"};
      case "vorbis" -> container.equals("matroska") ? new String[] {"webm", "webm"} : new String[] {"ogg", "ogg"};
      default -> new String[] {"matroska", "mka"};
    };
  }

  static SanitizeResult sanitize(Path in, Path out, String subject) {
    try {
      return sanitizeOrThrow(in, out, subject);
    } catch (RuntimeException | Error e) {
      deleteQuietly(out); // never leave a half-written or still-tagged copy behind
      throw e;
    }
  }

  private static SanitizeResult sanitizeOrThrow(Path in, Path out, String subject) {
    String method;
    String ext;
    boolean floatSource;
    boolean originalHadTags;
    try (FfmpegInput input = FfmpegInput.open(in, subject)) {
      // The same markers a probe counts, read from the header: no decode of the original needed.
      originalHadTags = !input.tagMarkers().isEmpty() || (input.riff() != null && !input.riff().tagChunks().isEmpty());
      String[] target = copyTarget(input.container(), input.codec());
      ext = target[1];
      int sf = input.decoder().sample_fmt();
      floatSource = sf == AV_SAMPLE_FMT_FLT || sf == AV_SAMPLE_FMT_FLTP || sf == AV_SAMPLE_FMT_DBL || sf == AV_SAMPLE_FMT_DBLP;
      method = "stream-copy";
      try {
        streamCopy(input, target[0], out, subject);
      } catch (MediaException e) {
        if (e.reason() != Reason.UNSUPPORTED) throw e;
        method = null; // the container refused a copy of this codec: re-encode below
      }
    }
    if (method == null) {
      deleteQuietly(out);
      FfmpegSource src = new FfmpegSource(in, subject);
      // FLAC holds integers only: float sources (and more than 8 channels) go to float WAV instead.
      AudioEncoding enc = floatSource || src.info().channels() > 8 ? AudioEncoding.wavFloat() : AudioEncoding.flac();
      try (FfmpegReader r = (FfmpegReader) src.open()) {
        FfmpegEncoding.encode(r, enc, out, subject);
      }
      method = "lossless-reencode";
      ext = enc.fileExtension();
    }
    Probe check = probeWithMarkers(out, subject);
    if (check.info().hadTags()) {
      throw new MediaException(Reason.UNSUPPORTED,
          "sanitized copy still carries " + check.tagMarkers().size() + " tag marker(s); refusing it, " + subject);
    }
    return new SanitizeResult(method, ext, check.info(), originalHadTags);
  }

  private static void streamCopy(FfmpegInput input, String muxer, Path out, String subject) {
    AVPacket pkt = av_packet_alloc();
    try (FfmpegOutput o = FfmpegOutput.create(muxer, out, subject)) {
      AVStream src = input.stream();
      AVStream dst = avformat_new_stream(o.context(), null);
      if (dst == null || dst.isNull()) throw new OutOfMemoryError("avformat_new_stream");
      AvError.check(avcodec_parameters_copy(dst.codecpar(), src.codecpar()), "avcodec_parameters_copy", Reason.UNSUPPORTED, subject);
      dst.codecpar().codec_tag(0);
      dst.time_base(src.time_base());
      o.writeHeader();
      int idx = input.streamIndex();
      while (true) {
        int r = av_read_frame(input.formatContext(), pkt);
        if (r == AVERROR_EOF) break;
        if (r < 0) break; // a damaged tail: keep what was read, the re-probe reports the truth
        try {
          if (pkt.stream_index() != idx) continue;
          pkt.stream_index(0);
          pkt.pos(-1);
          av_packet_rescale_ts(pkt, src.time_base(), dst.time_base());
          o.write(pkt);
        } finally {
          av_packet_unref(pkt);
        }
      }
      o.finish();
    } finally {
      av_packet_free(pkt);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // nothing to report that would not name the path
    }
  }
}
