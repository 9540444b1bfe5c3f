package io.themachine.core.internal.exec;

import io.themachine.spi.Availability;
import io.themachine.spi.audio.AudioDecoder;
import io.themachine.spi.audio.AudioEncoder;
import io.themachine.spi.audio.MediaProbe;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The media services found on the path (the FFmpeg ones when {@code sdk-audio-native} and its
 * jars are there): the first available of each kind, or the reason there is none.
 */
public final class MediaServices {
  private final MediaProbe probe;
  private final AudioDecoder decoder;
  private final AudioEncoder encoder;
  private final String reason;

  private MediaServices(MediaProbe probe, AudioDecoder decoder, AudioEncoder encoder, String reason) {
    this.probe = probe;
    this.decoder = decoder;
    this.encoder = encoder;
    this.reason = reason;
  }

  public static MediaServices discover(ClassLoader loader, boolean enabled) {
    if (!enabled) return new MediaServices(null, null, null, "service discovery is off");
    StringBuilder why = new StringBuilder();
    MediaProbe p = first(MediaProbe.class, loader, MediaProbe::availability, why);
    AudioDecoder d = first(AudioDecoder.class, loader, AudioDecoder::availability, why);
    AudioEncoder e = first(AudioEncoder.class, loader, AudioEncoder::availability, why);
    return new MediaServices(p, d, e, why.isEmpty() ? "no media backend on the path (add sdk-audio-native and the FFmpeg jars)" : why.toString());
  }

  private static <S> S first(Class<S> type, ClassLoader loader, Function<S, Availability> avail, StringBuilder why) {
    try {
      for (S s : ServiceLoader.load(type, loader)) {
        Availability a = avail.apply(s);
        if (a.available()) return s;
        if (why.isEmpty()) why.append(a.reason());
      }
    } catch (java.util.ServiceConfigurationError | LinkageError ex) {
      if (why.isEmpty()) why.append(type.getSimpleName()).append(" provider failed to load: ").append(ex.getClass().getSimpleName());
    }
    return null;
  }

  public Optional<MediaProbe> probe() {
    return Optional.ofNullable(probe);
  }

  public Optional<AudioDecoder> decoder() {
    return Optional.ofNullable(decoder);
  }

  public Optional<AudioEncoder> encoder() {
    return Optional.ofNullable(encoder);
  }

  /** A line for status listings. */
  public String describe() {
    return probe != null ? probe.name() + " " + probe.toolVersions() : "none (" + reason + ")";
  }

  public String unavailableReason() {
    return reason;
  }
}
