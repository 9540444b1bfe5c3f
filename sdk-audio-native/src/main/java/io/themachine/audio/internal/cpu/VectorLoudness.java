package io.themachine.audio.internal.cpu;

import io.themachine.audio.Backend;
import io.themachine.audio.dsp.LoudnessKernel;
import io.themachine.audio.dsp.LoudnessMeter;
import io.themachine.audio.dsp.LoudnessOptions;
import io.themachine.spi.audio.ChannelLayout;

/**
 * The Vector API loudness kernel: the engine of {@link MeterEngine} with {@link VectorStages}.
 * Obtain it through {@code Backend.VECTOR.loudness()}, which loads this class by name after the
 * probe, never directly.
 */
public final class VectorLoudness implements LoudnessKernel {
  static final LoudnessStages STAGES = new VectorStages();

  @Override
  public Backend backend() {
    return Backend.VECTOR;
  }

  @Override
  public LoudnessMeter meter(int sampleRate, ChannelLayout layout, LoudnessOptions options) {
    return new MeterEngine(sampleRate, layout, options, STAGES);
  }

  @Override
  public String toString() {
    return "VectorLoudness";
  }
}
