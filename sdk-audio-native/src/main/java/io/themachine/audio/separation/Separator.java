package io.themachine.audio.separation;

import io.themachine.audio.Backend;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioBuffer;
import java.util.List;

/**
 * A classical (no weights) separation method: {@link Hpss}, {@link RepetSim}, {@link Nmf},
 * {@link Centre}. Stems come back as audio of the input's rate, layout and length.
 */
public sealed interface Separator permits Hpss, RepetSim, Nmf, Centre {
  /** {@code hpss}, {@code repet-sim}, {@code nmf} or {@code centre}. */
  String method();

  /** The stems this configuration produces, in order. */
  List<String> stemNames();

  /**
   * Separates a whole buffer. NaN or infinite samples throw {@link IllegalArgumentException};
   * an empty buffer gives empty stems.
   */
  Stems separate(AudioBuffer audio, Backend backend);

  /** {@link #separate(AudioBuffer, Backend)} of one channel. */
  default Stems separate(float[] samples, int sampleRate, Backend backend) {
    return separate(AudioBuffer.of(sampleRate, samples), backend);
  }

  /**
   * One stem, streamed: reads {@code in} as the returned reader is read and closes it when closed.
   * Memory is bounded for the methods whose masks need bounded context ({@link Hpss},
   * {@link Centre}, {@link RepetSim} with a search bound); the others hold the whole signal's
   * spectrogram until the end.
   */
  AudioBlockReader stream(AudioBlockReader in, String stem, Backend backend);
}
