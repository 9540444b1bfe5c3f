package io.themachine.audio.extensions;

import io.themachine.audio.internal.ffmpeg.FfmpegMediaProbe;
import io.themachine.spi.ArtifactId;
import io.themachine.spi.ArtifactKind;
import io.themachine.spi.Availability;
import io.themachine.spi.Descriptor;
import io.themachine.spi.Extension;
import io.themachine.spi.ExtensionContext;
import io.themachine.spi.InputArtifact;
import io.themachine.spi.NoParams;
import io.themachine.spi.audio.MediaInfo;
import java.util.Map;

/**
 * {@code audio.probe}: probes a recording or audio artifact with FFmpeg (decoding it fully to count
 * what is there) and attaches the facts to the input as metrics: {@code audio.sample_rate},
 * {@code audio.channels}, {@code audio.declared_seconds}, {@code audio.decoded_seconds},
 * {@code audio.had_tags}, {@code audio.truncated}, {@code audio.non_finite_samples}, and
 * {@code audio.format} as JSON ({@code container}, {@code codec}, {@code layout}).
 */
public final class ProbeExtension implements Extension<NoParams> {
  private static final Descriptor<NoParams> DESCRIPTOR = Descriptor.of("audio.probe", "1.0.0", NoParams.INSTANCE)
      .consumes(ArtifactKind.RECORDING, ArtifactKind.AUDIO)
      .summary("Probe format, layout and decoded duration with FFmpeg");

  private final FfmpegMediaProbe probe = new FfmpegMediaProbe();

  @Override
  public Descriptor<NoParams> descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Availability availability() {
    return probe.availability();
  }

  @Override
  public Map<String, String> toolVersions() {
    return probe.toolVersions();
  }

  @Override
  public void run(ExtensionContext<NoParams> ctx) {
    InputArtifact in = ctx.input();
    ArtifactId id = in.id();
    MediaInfo m = probe.probe(in.path(), id.toString());
    ctx.metric(id, "audio.sample_rate", m.sampleRate());
    ctx.metric(id, "audio.channels", m.channels());
    ctx.metric(id, "audio.declared_seconds", m.declaredSeconds() == null ? Double.NaN : m.declaredSeconds());
    ctx.metric(id, "audio.decoded_seconds", m.decodedSeconds() == null ? Double.NaN : m.decodedSeconds());
    ctx.metric(id, "audio.had_tags", m.hadTags() ? 1 : 0);
    ctx.metric(id, "audio.truncated", m.truncated() ? 1 : 0);
    ctx.metric(id, "audio.non_finite_samples", m.nonFiniteSamples());
    ctx.metricJson(id, "audio.format", "{\"container\":" + Json.string(m.container()) + ",\"codec\":"
        + Json.string(m.codec()) + ",\"layout\":" + Json.string(m.layout().name()) + "}");
    ctx.log().info("probed", "input", id, "sample_rate", m.sampleRate(), "channels", m.channels(),
        "truncated", m.truncated());
    ctx.progress(1.0);
  }
}
