package io.themachine.audio.dsp;

import io.themachine.spi.audio.AudioBlockReader;

/**
 * A two-pass normalization as a stream: the first pass (measuring the source) has run when this is
 * returned, so {@link #path()}, {@link #gainDb()} and {@link #input()} are known; reading yields
 * the normalized audio block by block at the input's rate and layout, re-measuring it on the fly.
 * Once the reader has reached its end, {@link #result()} holds the re-measured output, with no
 * further decode. Memory is fixed (meter state, the limiter's look-ahead rings), whatever the
 * length.
 *
 * <p>Decodes of the source: two on the linear path (measure, output). On the limiter path the
 * limiter's trial passes (at least one, at most ten: limit and measure, output dropped) run before
 * this is returned, and the output replays the last of them, so three or more. The output is the
 * whole-signal normalizer's, sample for sample.
 *
 * <pre>{@code
 * try (NormalizeStream s = Loudness.normalizeStream(source, NormalizeOptions.defaults())) {
 *   writer.writeAudio(s, encoding);   // consumes the stream to its end
 *   NormalizeResult r = s.result();   // Normalized[LINEAR, gain +16.00 dB, ...]
 * }
 * }</pre>
 */
public interface NormalizeStream extends AudioBlockReader {
  /** The path this normalization takes ({@link NormalizeResult.Path#UNCHANGED}: the source as is). */
  NormalizeResult.Path path();

  /** The linear gain applied before any limiting, dB. */
  double gainDb();

  /** The first-pass measurement of the source. */
  LoudnessResult input();

  /**
   * The result, with the output re-measured; its {@code audio} is null (the audio went to the
   * reader). On {@link NormalizeResult.Path#UNCHANGED} available at once; otherwise only after the
   * reader has returned its last frame.
   *
   * @throws IllegalStateException when frames are still to be read
   */
  NormalizeResult result();
}
