package io.themachine.audio.internal.cpu;

import io.themachine.audio.Backend;
import io.themachine.audio.dsp.LoudnessKernel;
import io.themachine.audio.dsp.LoudnessMeter;
import io.themachine.audio.dsp.LoudnessOptions;
import io.themachine.audio.dsp.LoudnessResult;
import io.themachine.spi.audio.AudioBuffer;
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

  /**
   * Integrated-only measurements of heap buffers long enough to split run the K-filter with
   * independent chunks in vector lanes ({@link LaneKWeighting}); everything else goes through the
   * streaming engine.
   */
  @Override
  public LoudnessResult measure(AudioBuffer x, LoudnessOptions options) {
    MeterEngine m = new MeterEngine(x.sampleRate(), x.layout(), options, STAGES);
    int sub = m.subBlockFrames();
    if (!options.maxima() && !options.peaks() && x.isHeap() && LaneKWeighting.worthIt(x.frames(), sub)) {
      int nSub = x.frames() / sub;
      double[] subE = new double[nSub];
      float[][] a = new float[x.channels()][];
      for (int c = 0; c < a.length; c++) {
        a[c] = x.array(c);
        LaneKWeighting.accumulate(a[c], nSub, sub, m.kWeighting(), m.weight(c), subE);
      }
      if (m.acceptSubBlockEnergies(a, subE, nSub, LaneKWeighting.WARM_UP)) {
        m.accept(a, nSub * sub, x.frames() - nSub * sub);
        return m.result();
      }
      m.reset();
    }
    m.accept(x);
    return m.result();
  }

  @Override
  public String toString() {
    return "VectorLoudness";
  }
}
