package io.themachine.audio.dsp;

import io.themachine.audio.Backend;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.ChannelLayout;

/**
 * The loudness contract every backend implements: {@link ScalarLoudness} (the reference),
 * the Vector API kernel ({@code Backend.VECTOR.loudness()}) and, later, CUDA. All produce the
 * same {@link LoudnessResult}; the contract tests hold every backend to the same published cases.
 */
public interface LoudnessKernel {
  Backend backend();

  /** A new streaming meter for this rate and layout. */
  LoudnessMeter meter(int sampleRate, ChannelLayout layout, LoudnessOptions options);

  /** Measures a whole buffer. */
  default LoudnessResult measure(AudioBuffer x, LoudnessOptions options) {
    LoudnessMeter m = meter(x.sampleRate(), x.layout(), options);
    m.accept(x);
    return m.result();
  }

  /** Measures a whole buffer with {@link LoudnessOptions#full()}. */
  default LoudnessResult measure(AudioBuffer x) {
    return measure(x, LoudnessOptions.full());
  }

  /** Integrated loudness alone (LUFS), NaN when undefined; see {@link LoudnessResult#status()}. */
  default double integrated(AudioBuffer x) {
    LoudnessResult r = measure(x, LoudnessOptions.integratedOnly());
    return r.status() == LoudnessStatus.MEASURED ? r.integratedLufs() : Double.NaN;
  }
}
