package io.themachine.spi.audio;

/** A decodable recording or audio artifact. Opening is lazy: nothing is decoded until {@link #open()}. */
public interface AudioSource {
  /** What the probe found: format, rate, layout, durations. */
  MediaInfo info();

  /** Streams the audio at its own rate and layout. */
  AudioBlockReader open();

  /**
   * Streams the audio resampled to {@code sampleRate} and remixed to {@code layout}; pass 0 or
   * null to keep the source's.
   */
  AudioBlockReader open(int sampleRate, ChannelLayout layout);

  /** The whole signal in memory, refusing more than {@code maxSeconds} of audio. */
  default AudioBuffer readAll(double maxSeconds) {
    try (AudioBlockReader in = open()) {
      return in.readAll((int) Math.min(Integer.MAX_VALUE - 8, Math.ceil(maxSeconds * in.sampleRate())));
    }
  }
}
