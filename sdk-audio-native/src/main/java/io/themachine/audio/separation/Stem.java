package io.themachine.audio.separation;

import io.themachine.spi.audio.AudioBuffer;
import java.util.Locale;
import java.util.Objects;

/**
 * One separated source: its name ({@code harmonic}, {@code percussive}, {@code residual},
 * {@code vocals}, {@code instrumental}, {@code component_0} ...) and its audio, as long as the input.
 *
 * @param name  the stem's name
 * @param audio its samples, same rate, layout and length as the mixture
 */
public record Stem(String name, AudioBuffer audio) {
  public Stem {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(audio, "audio");
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "Stem[%s: %d Hz, %d ch, %.3f s]", name, audio.sampleRate(), audio.channels(), audio.seconds());
  }
}
