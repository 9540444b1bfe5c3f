package io.themachine.audio.dsp;

import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.ChannelLayout;

/**
 * A streaming BS.1770-4 / EBU R128 meter: feed planar float blocks of any size, read the running
 * momentary and short-term loudness, and take a {@link LoudnessResult} at any point. Memory is
 * fixed at construction (K-filter state, a 3 s energy ring, two gating histograms), so a 3-hour
 * stream costs what a 3-minute one does. Not thread-safe; one meter per stream.
 */
public interface LoudnessMeter {
  int sampleRate();

  ChannelLayout layout();

  LoudnessOptions options();

  /** Feeds {@code frames} frames of {@code block[c][offset ..]} for every channel. Allocates nothing. */
  void accept(float[][] block, int offset, int frames);

  /** Feeds a whole buffer (heap arrays directly, segments through a scratch copy). */
  void accept(AudioBuffer buffer);

  /**
   * Momentary loudness (BS.1770-4, 400 ms) of the last 400 ms fed, windows reaching before the
   * first frame seeing zeros; {@code -Infinity} LUFS for a digitally silent window. Needs
   * {@link LoudnessOptions#maxima()}.
   */
  double momentary();

  /** Short-term loudness (EBU Tech 3341, 3 s) of the last 3 s fed; see {@link #momentary()}. */
  double shortTerm();

  /** The measurement of everything fed so far. Does not change the meter; call it as often as needed. */
  LoudnessResult result();

  /** Forgets everything fed; keeps the buffers. */
  void reset();
}
