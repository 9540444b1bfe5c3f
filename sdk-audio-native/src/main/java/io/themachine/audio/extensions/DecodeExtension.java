package io.themachine.audio.extensions;

import io.themachine.audio.internal.ffmpeg.FfmpegAudioDecoder;
import io.themachine.spi.ArtifactId;
import io.themachine.spi.ArtifactKind;
import io.themachine.spi.ArtifactWriter;
import io.themachine.spi.Availability;
import io.themachine.spi.Descriptor;
import io.themachine.spi.Extension;
import io.themachine.spi.ExtensionContext;
import io.themachine.spi.InputArtifact;
import io.themachine.spi.Param;
import io.themachine.spi.ParamException;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioEncoding;
import io.themachine.spi.audio.ChannelLayout;
import java.util.Map;

/**
 * {@code audio.decode}: decodes a recording to the canonical working format, resampled and
 * remixed with swresample, and stores it as a new {@link ArtifactKind#AUDIO} artifact.
 */
public final class DecodeExtension implements Extension<DecodeExtension.Params> {

  /**
   * @param sampleRate output rate in Hz; 0 keeps the source's
   * @param channels   output channel count (1 mono, 2 stereo, ...); 0 keeps the source's
   * @param codec      {@code pcm_f32le}, {@code pcm_s16le}, {@code pcm_s24le} (WAV) or {@code flac}
   */
  public record Params(
      @Param("output sample rate in Hz, 0 keeps the source's") int sampleRate,
      @Param("output channel count, 0 keeps the source's") int channels,
      @Param("pcm_f32le, pcm_s16le, pcm_s24le (WAV) or flac") String codec) {
    public static final Params DEFAULTS = new Params(48_000, 0, "pcm_f32le");

    public Params {
      if (sampleRate != 0 && (sampleRate < 1000 || sampleRate > 768_000)) {
        throw new ParamException("sample_rate", "must be 0 or between 1000 and 768000 Hz");
      }
      if (channels < 0 || channels > 64) throw new ParamException("channels", "must be between 0 and 64");
      if (codec == null || !(codec.equals("pcm_f32le") || codec.equals("pcm_s16le") || codec.equals("pcm_s24le") || codec.equals("flac"))) {
        throw new ParamException("codec", "must be pcm_f32le, pcm_s16le, pcm_s24le or flac");
      }
    }

    AudioEncoding encoding() {
      return switch (codec) {
        case "pcm_s16le" -> AudioEncoding.wav16();
        case "pcm_s24le" -> AudioEncoding.wav24();
        case "flac" -> AudioEncoding.flac();
        default -> AudioEncoding.wavFloat();
      };
    }
  }

  private static final Descriptor<Params> DESCRIPTOR = Descriptor.of("audio.decode", "1.0.0", Params.DEFAULTS)
      .consumes(ArtifactKind.RECORDING, ArtifactKind.AUDIO)
      .produces(ArtifactKind.AUDIO)
      .summary("Decode to the canonical working format (rate, channels, codec) with FFmpeg");

  private final FfmpegAudioDecoder decoder = new FfmpegAudioDecoder();

  @Override
  public Descriptor<Params> descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Availability availability() {
    return decoder.availability();
  }

  @Override
  public Map<String, String> toolVersions() {
    return new io.themachine.audio.internal.ffmpeg.FfmpegMediaProbe().toolVersions();
  }

  @Override
  public void run(ExtensionContext<Params> ctx) {
    Params p = ctx.params();
    InputArtifact in = ctx.input();
    ArtifactId id = in.id();
    ChannelLayout layout = p.channels() == 0 ? null : ChannelLayout.defaultFor(p.channels());
    AudioEncoding enc = p.encoding();
    try (AudioBlockReader audio = decoder.open(in.path(), id.toString()).open(p.sampleRate(), layout);
        ArtifactWriter out = ctx.newArtifact(ArtifactKind.AUDIO, enc.fileExtension())) {
      out.writeAudio(audio, enc);
      double seconds = audio.framesRead() / (double) audio.sampleRate();
      out.metric("audio.sample_rate", audio.sampleRate());
      out.metric("audio.channels", audio.channels());
      out.metric("audio.decoded_seconds", seconds);
      out.label("codec", enc.codec());
      ArtifactId made = out.commit();
      ctx.log().info("decoded", "input", id, "output", made, "sample_rate", audio.sampleRate(),
          "channels", audio.channels());
    }
    ctx.progress(1.0);
  }
}
