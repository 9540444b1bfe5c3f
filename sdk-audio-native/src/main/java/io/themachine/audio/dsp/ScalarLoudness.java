package io.themachine.audio.dsp;

import io.themachine.audio.Backend;
import io.themachine.audio.internal.cpu.LoudnessStages;
import io.themachine.audio.internal.cpu.MeterEngine;
import io.themachine.spi.audio.ChannelLayout;

/**
 * The reference loudness kernel: plain Java, doubles throughout (K-filter biquads, energies, the
 * Annex 2 true-peak FIR). ITU-R BS.1770-4 Annexes 1 and 2, EBU Tech 3341 and 3342.
 */
public final class ScalarLoudness implements LoudnessKernel {
  private static final LoudnessStages STAGES = new LoudnessStages();

  @Override
  public Backend backend() {
    return Backend.SCALAR;
  }

  @Override
  public LoudnessMeter meter(int sampleRate, ChannelLayout layout, LoudnessOptions options) {
    return new MeterEngine(sampleRate, layout, options, STAGES);
  }

  @Override
  public String toString() {
    return "ScalarLoudness";
  }
}
