package io.themachine.audio.extensions;

import io.themachine.audio.dsp.Resampler;
import io.themachine.audio.internal.cpu.ResamplingReader;
import io.themachine.spi.ArtifactKind;
import io.themachine.spi.ArtifactWriter;
import io.themachine.spi.Descriptor;
import io.themachine.spi.Extension;
import io.themachine.spi.ExtensionContext;
import io.themachine.spi.InputArtifact;
import io.themachine.spi.Param;
import io.themachine.spi.ParamException;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioEncoding;

/**
 * {@code audio.resample}: a new AUDIO artifact at {@code sample_rate}, streamed block by block
 * through {@link Resampler} ({@code torchaudio}: torchaudio 0.13's default kernel; {@code hq}:
 * Kaiser, 120 dB). Channels and layout are kept.
 */
public final class ResampleExtension implements Extension<ResampleExtension.Params> {

  /**
   * Parameters.
   *
   * @param sample_rate target rate, Hz
   * @param quality     {@code torchaudio} or {@code hq}
   * @param encoding    {@code wav16}, {@code wav24}, {@code wav_f32} or {@code flac}
   */
  public record Params(
      @Param("target sample rate, Hz (1 to 768000)") int sample_rate,
      @Param("filter: torchaudio (torchaudio.functional.resample defaults) or hq (Kaiser, 120 dB)") String quality,
      @Param("output encoding: wav16, wav24, wav_float, flac, mp3 or mp3_<kbps>") String encoding) {
    public static final Params DEFAULTS = new Params(16000, "torchaudio", "wav_float");

    public Params {
      if (sample_rate < 1 || sample_rate > 768_000) throw new ParamException("sample_rate", "must be between 1 and 768000 Hz");
      if (quality == null || !(quality.equals("torchaudio") || quality.equals("hq"))) {
        throw new ParamException("quality", "must be torchaudio or hq");
      }
      audioEncoding(encoding);
    }

    Resampler.Quality resamplerQuality() {
      return quality.equals("hq") ? Resampler.Quality.HIGH : Resampler.Quality.TORCHAUDIO;
    }

    static AudioEncoding audioEncoding(String e) {
      return EncodingParam.of(e);
    }
  }

  private static final Descriptor<Params> DESCRIPTOR = Descriptor.of("audio.resample", "1.0.0", Params.DEFAULTS)
      .consumes(ArtifactKind.RECORDING, ArtifactKind.AUDIO)
      .produces(ArtifactKind.AUDIO)
      .summary("Polyphase windowed-sinc resampling (torchaudio-compatible or Kaiser HQ)");

  @Override
  public Descriptor<Params> descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public void run(ExtensionContext<Params> ctx) {
    Params p = ctx.params();
    InputArtifact input = ctx.input();
    AudioEncoding enc = Params.audioEncoding(p.encoding());
    try (AudioBlockReader src = input.audio().open()) {
      int from = src.sampleRate();
      Resampler r = new Resampler(from, p.sample_rate(), p.resamplerQuality());
      // rs wraps src without owning it: src is closed once, by the outer try
      ResamplingReader rs = new ResamplingReader(src, r);
      try (ArtifactWriter out = ctx.newArtifact(ArtifactKind.AUDIO, enc.fileExtension())) {
        out.writeAudio(rs, enc);
        out.label("quality", p.quality());
        out.metric("audio.sample_rate", p.sample_rate());
        out.metric("audio.source_sample_rate", from);
        out.metric("audio.frames", rs.framesRead());
        out.metricJson("audio.resample", "{\"sample_rate\":" + p.sample_rate() + ",\"source_sample_rate\":" + from
            + ",\"quality\":\"" + p.quality() + "\",\"encoding\":\"" + p.encoding() + "\""
            + (p.resamplerQuality() == Resampler.Quality.TORCHAUDIO
                ? ",\"resampling_method\":\"sinc_interp_hann\",\"lowpass_filter_width\":6,\"rolloff\":0.99"
                : ",\"window\":\"kaiser\",\"attenuation_db\":120,\"passband\":0.85")
            + "}");
        out.commit();
        ctx.log().info("resampled", "input", input.id(), "from_hz", from, "to_hz", p.sample_rate(), "frames", rs.framesRead());
      }
    }
  }
}
