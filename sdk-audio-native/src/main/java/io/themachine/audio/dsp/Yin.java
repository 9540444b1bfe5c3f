package io.themachine.audio.dsp;

import io.themachine.audio.internal.cpu.YinFrames;

/**
 * YIN fundamental-frequency estimation (de Cheveigné and Kawahara, JASA 111(4), 2002) with
 * librosa 0.11's {@code librosa.yin} conventions: centred frames zero-padded by
 * {@code frame_length / 2} ({@code pad_mode="constant"}), periods {@code floor(sr / fmax)} to
 * {@code min(ceil(sr / fmin), frame_length - 1)}, the cumulative mean normalized difference
 * (eq. 8), the first trough below {@code trough_threshold} else the global minimum (step 4's
 * absolute threshold), parabolic interpolation (step 5). Matches librosa within 1e-3 Hz on the
 * anchor signal.
 *
 * <pre>{@code Yin.librosa(22050, 65, 2093).f0(x)   // Hz per frame, 1 + len / hop frames}</pre>
 *
 * @param sampleRate      {@code sr}, Hz
 * @param fmin            lowest f0, Hz
 * @param fmax            highest f0, Hz (at most {@code sr / 2})
 * @param frameLength     {@code frame_length}, samples
 * @param hopLength       {@code hop_length}, samples
 * @param troughThreshold {@code trough_threshold}
 * @param center          centred (zero-padded) frames
 */
public record Yin(double sampleRate, double fmin, double fmax, int frameLength, int hopLength,
    double troughThreshold, boolean center) {

  public Yin {
    checkPitchParams("Yin", sampleRate, fmin, fmax, frameLength, hopLength);
    if (!(troughThreshold > 0)) throw new IllegalArgumentException("Yin: trough_threshold must be positive");
  }

  /** librosa.yin defaults: frame_length 2048, hop 512, trough_threshold 0.1, centred. */
  public static Yin librosa(double sampleRate, double fmin, double fmax) {
    return new Yin(sampleRate, fmin, fmax, 2048, 512, 0.1, true);
  }

  public Yin withFrameLength(int n) {
    return new Yin(sampleRate, fmin, fmax, n, hopLength, troughThreshold, center);
  }

  public Yin withHopLength(int h) {
    return new Yin(sampleRate, fmin, fmax, frameLength, h, troughThreshold, center);
  }

  public Yin withTroughThreshold(double t) {
    return new Yin(sampleRate, fmin, fmax, frameLength, hopLength, t, center);
  }

  /** Frames for {@code n} samples: {@code 1 + n / hop} when centred; 0 for no samples. */
  public int frames(int n) {
    return YinFrames.frameCount(n, frameLength, hopLength, center);
  }

  int minPeriod() {
    return (int) Math.floor(sampleRate / fmax);
  }

  int maxPeriod() {
    return Math.min((int) Math.ceil(sampleRate / fmin), frameLength - 1);
  }

  /** f0 in Hz per frame. NaN or infinite input throws; no samples give no frames. */
  public double[] f0(float[] y) {
    checkFinite("Yin.f0", y);
    YinFrames frames = new YinFrames(frameLength, hopLength, minPeriod(), maxPeriod(), center);
    int nf = frames.begin(y);
    double[] out = new double[nf];
    double[] yin = new double[frames.size()];
    for (int t = 0; frames.next(yin); t++) out[t] = pick(yin);
    return out;
  }

  /** Step 4 (first trough below the threshold, else the global minimum) and step 5. */
  double pick(double[] yin) {
    int len = yin.length, minP = minPeriod();
    int firstBelow = -1, gmin = 0;
    for (int i = 0; i < len; i++) {
      if (yin[i] < yin[gmin]) gmin = i;
      if (firstBelow < 0 && yin[i] < troughThreshold && YinFrames.isTrough(yin, len, i)) firstBelow = i;
    }
    int p = firstBelow >= 0 ? firstBelow : gmin;
    return sampleRate / (minP + p + YinFrames.parabolicShift(yin, len, p));
  }

  /** A fresh stream: feed blocks of any size, then {@link Stream#finish}; same frames as {@link #f0}. */
  public Stream stream() {
    return new Stream(this);
  }

  /**
   * YIN block by block: {@link #process} takes a block and writes the f0 of the frames it
   * completes; {@link #finish} writes the tail frames (under the centred zero padding). The values
   * equal {@link Yin#f0} on the whole signal bit for bit, whatever the block sizes. Memory: a
   * window of {@code 2 (frame_length + maxPeriod)} floats plus YIN's per-frame scratch, fixed at
   * construction; nothing grows with the length and nothing is allocated per block. Not
   * thread-safe.
   */
  public static final class Stream {
    private final Yin spec;
    private final YinFrames frames;
    private final double[] yin;
    private boolean finished;

    Stream(Yin spec) {
      this.spec = spec;
      this.frames = new YinFrames(spec.frameLength, spec.hopLength, spec.minPeriod(), spec.maxPeriod(), spec.center);
      this.yin = new double[frames.size()];
      frames.beginStream();
    }

    /** Free slots {@code out} needs for one {@link #process} call of {@code len} samples. */
    public int outputBound(int len) {
      return len / spec.hopLength + 1;
    }

    /** Free slots {@code out} needs for {@link #finish}. */
    public int finishBound() {
      return (2 * spec.frameLength) / spec.hopLength + 2;
    }

    /**
     * Feeds samples; writes the f0 (Hz) of the frames they complete into {@code out[outOff..]} and
     * returns how many. NaN or infinity throws, naming the sample's position in the stream.
     */
    public int process(float[] in, int off, int len, double[] out, int outOff) {
      if (finished) throw new IllegalStateException("Yin.Stream.process: stream finished");
      java.util.Objects.checkFromIndexSize(off, len, in.length);
      for (int i = off; i < off + len; i++) {
        if (!Float.isFinite(in[i])) {
          throw new IllegalArgumentException("Yin.Stream.process: non-finite input sample (" + in[i] + ") at index "
              + (frames.received() + i - off));
        }
      }
      int w = 0;
      for (int done = 0; done < len; ) {
        done += frames.append(in, off + done, len - done);
        while (frames.next(yin)) out[outOff + w++] = spec.pick(yin);
      }
      return w;
    }

    /** Ends the signal; writes the remaining frames' f0 and returns how many. */
    public int finish(double[] out, int outOff) {
      if (finished) return 0;
      finished = true;
      frames.end();
      int w = 0;
      while (frames.next(yin)) out[outOff + w++] = spec.pick(yin);
      return w;
    }

    /** Frames written so far. */
    public int frames() {
      return frames.emitted();
    }

    @Override
    public String toString() {
      return "Yin.Stream[" + spec + ", " + frames.emitted() + " frames]";
    }
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "Yin[%s Hz, f0 %s..%s Hz, frame %d, hop %d, threshold %s%s]",
        fmt(sampleRate), fmt(fmin), fmt(fmax), frameLength, hopLength, fmt(troughThreshold), center ? ", centred" : "");
  }

  static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  static void checkPitchParams(String who, double sr, double fmin, double fmax, int frameLength, int hop) {
    if (!(sr > 0)) throw new IllegalArgumentException(who + ": sample rate must be positive");
    if (!(fmin > 0)) throw new IllegalArgumentException(who + ": fmin must be positive");
    if (!(fmin < fmax)) throw new IllegalArgumentException(who + ": fmin must be below fmax");
    if (fmax > sr / 2) throw new IllegalArgumentException(who + ": fmax " + fmax + " exceeds Nyquist " + sr / 2);
    if (hop <= 0) throw new IllegalArgumentException(who + ": hop_length must be positive");
    if (frameLength < 4) throw new IllegalArgumentException(who + ": frame_length too small");
    // librosa __check_yin_params: at least one period of fmin in the frame
    if (sr / fmin >= frameLength - 1) {
      throw new IllegalArgumentException(who + ": fmin " + fmin + " too low for frame_length " + frameLength
          + " at " + sr + " Hz; raise fmin above " + sr / (frameLength - 1));
    }
    if (Math.floor(sr / fmax) < 1) throw new IllegalArgumentException(who + ": fmax too high");
  }

  static void checkFinite(String call, float[] y) {
    for (int i = 0; i < y.length; i++) {
      if (!Float.isFinite(y[i])) {
        throw new IllegalArgumentException(call + ": non-finite input sample (" + y[i] + ") at index " + i);
      }
    }
  }
}
