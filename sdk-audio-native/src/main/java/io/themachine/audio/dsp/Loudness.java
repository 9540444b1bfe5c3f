package io.themachine.audio.dsp;

import io.themachine.audio.Backend;
import io.themachine.audio.internal.cpu.Normalizer;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.AudioSource;
import io.themachine.spi.audio.ChannelLayout;

/**
 * The front door for loudness: ITU-R BS.1770-4 / EBU R128 measurement and normalization with the
 * fastest available kernel ({@link Backend#bestForLoudness()}).
 *
 * <pre>{@code
 * Loudness.measure(buffer)                 // Loudness[I=-23.00 LUFS, LRA=..., TP=... dBTP, ...]
 * Loudness.normalize(buffer)               // to -14 LUFS, true peak <= -1 dBTP
 * Loudness.normalize(buffer, NormalizeOptions.ebuR128())
 * Loudness.normalizeStream(source, NormalizeOptions.defaults())  // a NormalizeStream: any length, fixed memory
 * }</pre>
 */
public final class Loudness {
  private Loudness() {}

  private static final class Holder {
    static final LoudnessKernel KERNEL = pick();

    private static LoudnessKernel pick() {
      try {
        return Backend.bestForLoudness().loudness();
      } catch (RuntimeException | LinkageError e) {
        return new ScalarLoudness(); // probe said yes but the class would not load: the reference still works
      }
    }
  }

  /** The kernel the front door uses: vector when available, else scalar. */
  public static LoudnessKernel kernel() {
    return Holder.KERNEL;
  }

  /** Everything: I, LRA, max M/S, sample and true peak. */
  public static LoudnessResult measure(AudioBuffer x) {
    return kernel().measure(x, LoudnessOptions.full());
  }

  public static LoudnessResult measure(AudioBuffer x, LoudnessOptions options) {
    return kernel().measure(x, options);
  }

  /** A streaming meter with {@link LoudnessOptions#full()}. */
  public static LoudnessMeter meter(int sampleRate, ChannelLayout layout) {
    return kernel().meter(sampleRate, layout, LoudnessOptions.full());
  }

  /** Two-pass normalization to -14 LUFS with a -1 dBTP true-peak ceiling. */
  public static NormalizeResult normalize(AudioBuffer x) {
    return normalize(x, NormalizeOptions.defaults());
  }

  public static NormalizeResult normalize(AudioBuffer x, NormalizeOptions options) {
    return Normalizer.normalize(kernel(), x, options);
  }

  /** Normalization with an explicit kernel (benchmarks and contract tests). */
  public static NormalizeResult normalize(LoudnessKernel kernel, AudioBuffer x, NormalizeOptions options) {
    return Normalizer.normalize(kernel, x, options);
  }

  /**
   * Streaming two-pass normalization: measures {@code source} (first decode), then returns a reader
   * that decodes it again and yields the normalized audio, re-measured on the fly. Memory does not
   * depend on the length. The source is opened twice, or on the limiter path once more per limiter
   * iteration (see {@link NormalizeStream}).
   */
  public static NormalizeStream normalizeStream(AudioSource source, NormalizeOptions options) {
    return Normalizer.stream(kernel(), source, options);
  }

  /** Streaming normalization with an explicit kernel. */
  public static NormalizeStream normalizeStream(LoudnessKernel kernel, AudioSource source, NormalizeOptions options) {
    return Normalizer.stream(kernel, source, options);
  }
}
