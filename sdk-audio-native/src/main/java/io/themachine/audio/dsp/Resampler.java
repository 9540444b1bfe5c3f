package io.themachine.audio.dsp;

import io.themachine.audio.internal.cpu.PolyphaseDesign;
import io.themachine.audio.internal.cpu.PolyphaseResampler;

/**
 * A rational polyphase windowed-sinc resampler from {@code fromRate} to {@code toRate} Hz.
 *
 * <pre>{@code
 * Resampler.torchaudio(44100, 16000).process(x)   // torchaudio.functional.resample's numbers
 * Resampler.highQuality(44100, 16000).process(x)  // Kaiser, 120 dB, passband to 0.85 Nyquist
 * }</pre>
 *
 * <ul>
 *   <li>{@link Quality#TORCHAUDIO}: {@code torchaudio.functional.resample} 0.13 defaults
 *       ({@code resampling_method="sinc_interp_hann"}, {@code lowpass_filter_width=6},
 *       {@code rolloff=0.99}, rates reduced by their gcd, output length {@code ceil(L n / M)}),
 *       accumulated in double: within 1e-6 of torchaudio's float64 output.
 *   <li>{@link Quality#HIGH}: Kaiser-windowed sinc, stopband attenuation 120 dB from the lower
 *       Nyquist frequency, passband to 0.85 of it; an analytic multi-sine lands below -110 dB rms
 *       error.
 * </ul>
 *
 * <p>Rate pairs with many phases (16001 to 16000 Hz has L = 16000) are not rejected: when the
 * coefficient table would exceed 2^20 doubles the taps are evaluated per output sample instead
 * (same values, slower). Output is identical whether the signal is given whole or in blocks
 * through {@link #stream()}.
 *
 * @param fromRate input rate, Hz
 * @param toRate   output rate, Hz
 * @param quality  the filter design
 */
public record Resampler(int fromRate, int toRate, Quality quality) {

  /** The filter designs. */
  public enum Quality {
    /** torchaudio 0.13's Hann-windowed sinc (width 6, rolloff 0.99). */
    TORCHAUDIO,
    /** Kaiser-windowed sinc, 120 dB stopband, passband 0.85 of the lower Nyquist. */
    HIGH;

    /** The name used in params and manifests: {@code torchaudio} or {@code hq}. */
    public String id() {
      return this == TORCHAUDIO ? "torchaudio" : "hq";
    }
  }

  public Resampler {
    if (fromRate <= 0 || toRate <= 0) {
      throw new IllegalArgumentException("Resampler: rates must be positive, got " + fromRate + " -> " + toRate);
    }
    java.util.Objects.requireNonNull(quality, "quality");
  }

  public static Resampler torchaudio(int fromRate, int toRate) {
    return new Resampler(fromRate, toRate, Quality.TORCHAUDIO);
  }

  public static Resampler highQuality(int fromRate, int toRate) {
    return new Resampler(fromRate, toRate, Quality.HIGH);
  }

  /** Same as {@link #highQuality}. */
  public static Resampler kaiser(int fromRate, int toRate) {
    return highQuality(fromRate, toRate);
  }

  /** Output length for {@code n} input samples: {@code ceil(n toRate / fromRate)}. */
  public long outputLength(long n) {
    return Math.ceilDiv(Math.multiplyExact(n, (long) toRate), fromRate);
  }

  /** Resamples a whole signal. Zero-length in, zero-length out; NaN or infinity throws. */
  public float[] process(float[] x) {
    if (x.length == 0) return new float[0];
    Stream s = stream();
    float[] out = new float[Math.toIntExact(outputLength(x.length))];
    int w = s.process(x, 0, x.length, out, 0);
    s.flush(out, w);
    return out;
  }

  /** A fresh single-channel stream: feed blocks, then {@link Stream#flush}. */
  public Stream stream() {
    return new Stream(this, design());
  }

  PolyphaseDesign design() {
    return switch (quality) {
      case TORCHAUDIO -> PolyphaseDesign.torchaudio(fromRate, toRate, 6, 0.99);
      case HIGH -> PolyphaseDesign.kaiser(fromRate, toRate, 0.85, 120.0);
    };
  }

  @Override
  public String toString() {
    return "Resampler[" + fromRate + " -> " + toRate + " Hz, " + quality.id() + "]";
  }

  /**
   * Block-by-block resampling of one channel with bounded memory and no allocation per block.
   * Not thread-safe.
   */
  public static final class Stream {
    private final Resampler spec;
    private final PolyphaseResampler engine;

    Stream(Resampler spec, PolyphaseDesign design) {
      this.spec = spec;
      this.engine = new PolyphaseResampler(design, spec.quality == Quality.HIGH);
    }

    /** Free slots {@code out} needs for one {@link #process} call of {@code n} samples. */
    public int outputBound(int n) {
      return engine.outputBound(n);
    }

    /**
     * Feeds samples; writes completed outputs and returns how many. Outputs come in tiles of whole
     * blocks, so they may lag the input by up to 17 blocks of {@code fromRate / gcd} samples;
     * {@link #flush} writes the rest.
     */
    public int process(float[] in, int off, int len, float[] out, int outOff) {
      return engine.process(in, off, len, out, outOff);
    }

    /** What {@link #flush} will write. */
    public int flushLength() {
      return engine.flushLength();
    }

    /** Ends the signal and writes the last outputs; returns how many. */
    public int flush(float[] out, int outOff) {
      return engine.flush(out, outOff);
    }

    /** Ready for a new signal, keeping the filter table. */
    public void reset() {
      engine.reset();
    }

    /** Polyphase taps per output sample. */
    public int taps() {
      return engine.design().taps();
    }

    /** False where the phase count made a table too large and taps are computed per sample. */
    public boolean tabled() {
      return engine.tabled();
    }

    @Override
    public String toString() {
      return "Resampler.Stream[" + spec + ", " + taps() + " taps" + (tabled() ? "" : ", on the fly") + "]";
    }
  }
}
