package io.themachine.audio.dsp;

import io.themachine.audio.internal.cpu.PyinDecoder;
import io.themachine.audio.internal.cpu.YinFrames;

/**
 * Probabilistic YIN (Mauch and Dixon, ICASSP 2014) with librosa 0.11's {@code librosa.pyin}
 * conventions and defaults: Beta(2, 18) prior over 100 thresholds, Boltzmann prior (2) over
 * troughs, pitch bins of 0.1 semitone from {@code fmin}, a two-layer HMM (voiced, unvoiced) with a
 * triangular transition band of {@code max_transition_rate} 35.92 octaves/s and
 * {@code switch_prob} 0.01, decoded by a sparse Viterbi that reproduces librosa's dense one.
 *
 * <pre>{@code Pyin.librosa(22050, 65, 2093).analyze(x)   // f0 (NaN unvoiced), voiced flag, probability}</pre>
 *
 * @param sampleRate        {@code sr}, Hz
 * @param fmin              lowest f0, Hz
 * @param fmax              highest f0, Hz
 * @param frameLength       {@code frame_length}
 * @param hopLength         {@code hop_length}
 * @param nThresholds       {@code n_thresholds}
 * @param betaA             first Beta shape parameter
 * @param betaB             second Beta shape parameter
 * @param boltzmann         {@code boltzmann_parameter}
 * @param resolution        {@code resolution}, semitones per bin
 * @param maxTransitionRate {@code max_transition_rate}, octaves per second
 * @param switchProb        {@code switch_prob}
 * @param noTroughProb      {@code no_trough_prob}
 * @param center            centred (zero-padded) frames
 */
public record Pyin(double sampleRate, double fmin, double fmax, int frameLength, int hopLength,
    int nThresholds, double betaA, double betaB, double boltzmann, double resolution,
    double maxTransitionRate, double switchProb, double noTroughProb, boolean center) {

  public Pyin {
    Yin.checkPitchParams("Pyin", sampleRate, fmin, fmax, frameLength, hopLength);
    if (nThresholds < 1) throw new IllegalArgumentException("Pyin: n_thresholds must be positive");
    if (!(betaA > 0 && betaB > 0)) throw new IllegalArgumentException("Pyin: beta parameters must be positive");
    if (!(resolution > 0 && resolution < 1)) throw new IllegalArgumentException("Pyin: resolution must be in (0, 1)");
    if (!(switchProb > 0 && switchProb < 1)) throw new IllegalArgumentException("Pyin: switch_prob must be in (0, 1)");
    if (!(noTroughProb >= 0 && noTroughProb <= 1)) throw new IllegalArgumentException("Pyin: no_trough_prob must be in [0, 1]");
    if (!(maxTransitionRate > 0)) throw new IllegalArgumentException("Pyin: max_transition_rate must be positive");
    if (!(boltzmann > 0)) throw new IllegalArgumentException("Pyin: boltzmann_parameter must be positive");
  }

  /** librosa.pyin defaults for the given rate and f0 range. */
  public static Pyin librosa(double sampleRate, double fmin, double fmax) {
    return new Pyin(sampleRate, fmin, fmax, 2048, 512, 100, 2, 18, 2, 0.1, 35.92, 0.01, 0.01, true);
  }

  public Pyin withFrameLength(int n) {
    return new Pyin(sampleRate, fmin, fmax, n, hopLength, nThresholds, betaA, betaB, boltzmann, resolution,
        maxTransitionRate, switchProb, noTroughProb, center);
  }

  public Pyin withHopLength(int h) {
    return new Pyin(sampleRate, fmin, fmax, frameLength, h, nThresholds, betaA, betaB, boltzmann, resolution,
        maxTransitionRate, switchProb, noTroughProb, center);
  }

  /** Frames for {@code n} samples. */
  public int frames(int n) {
    return YinFrames.frameCount(n, frameLength, hopLength, center);
  }

  /**
   * The pYIN result per frame.
   *
   * @param f0         Hz on the bin grid {@code fmin 2^(m / 120)}, NaN where unvoiced (librosa's {@code fill_na})
   * @param voiced     the decoded voicing
   * @param voicedProb the probability that the frame is voiced
   */
  public record Result(double[] f0, boolean[] voiced, double[] voicedProb) {
    public int frames() {
      return f0.length;
    }

    @Override
    public String toString() {
      int v = 0;
      for (boolean b : voiced) if (b) v++;
      return "Pyin.Result[" + f0.length + " frames, " + v + " voiced]";
    }
  }

  /** Runs pYIN. NaN or infinite input throws; no samples give no frames. */
  public Result analyze(float[] y) {
    Yin.checkFinite("Pyin.analyze", y);
    YinFrames frames = frames();
    PyinDecoder dec = decoder();
    int nf = frames.begin(y);
    PyinDecoder.Viterbi vit = dec.viterbi();
    double[] obs = new double[dec.bins()];
    double[] vp = new double[nf];
    double[] yin = new double[frames.size()];
    for (int t = 0; frames.next(yin); t++) {
      vp[t] = dec.observe(yin, yin.length, obs);
      vit.push(obs, vp[t]);
    }
    return result(dec, vit, vp, nf);
  }

  private YinFrames frames() {
    return new YinFrames(frameLength, hopLength, minPeriod(), maxPeriod(), center);
  }

  private int minPeriod() {
    return (int) Math.floor(sampleRate / fmax);
  }

  private int maxPeriod() {
    return Math.min((int) Math.ceil(sampleRate / fmin), frameLength - 1);
  }

  private PyinDecoder decoder() {
    return new PyinDecoder(sampleRate, fmin, fmax, minPeriod(), maxPeriod(), hopLength, nThresholds, betaA, betaB,
        boltzmann, resolution, maxTransitionRate, switchProb, noTroughProb);
  }

  private static Result result(PyinDecoder dec, PyinDecoder.Viterbi vit, double[] vp, int nf) {
    int bins = dec.bins();
    int[] states = new int[nf];
    vit.backtrack(states);
    double[] f0 = new double[nf];
    boolean[] voiced = new boolean[nf];
    for (int t = 0; t < nf; t++) {
      voiced[t] = states[t] < bins;
      f0[t] = voiced[t] ? dec.binFrequency(states[t]) : Double.NaN;
    }
    return new Result(f0, voiced, vp.length == nf ? vp : java.util.Arrays.copyOf(vp, nf));
  }

  /** A fresh stream: feed blocks of any size, then {@link Stream#finish}; same result as {@link #analyze}. */
  public Stream stream() {
    return new Stream(this);
  }

  /**
   * pYIN block by block; the audio is not held. The observation step runs as frames complete
   * (a window of {@code 2 (frame_length + maxPeriod)} floats and per-frame scratch, fixed). The
   * Viterbi is librosa's decoder with an exact windowed traceback: a frame's state is decided,
   * and its back-pointers dropped, as soon as the back-traces of every state of the newest frame
   * meet before it (see {@link PyinDecoder.Viterbi}), so the pointers held span the merge lag plus
   * up to two 256-frame chunks ({@code 2 n + 4} bytes per frame for {@code n} pitch bins, 1208 at
   * librosa's defaults for 65..2093 Hz) instead of the whole signal. What still grows with the
   * length is the result itself: the decided state (4 bytes per frame) and the voiced probability
   * (8); {@link #finish} then allocates the returned arrays (17 bytes per frame). No allocation per
   * block except a doubling of those arrays or a pointer chunk while the lag grows. Not thread-safe.
   */
  public static final class Stream {
    private final YinFrames frames;
    private final PyinDecoder dec;
    private final PyinDecoder.Viterbi vit;
    private final double[] obs;
    private final double[] yin;
    private double[] vp = new double[1024];
    private Result result;

    Stream(Pyin spec) {
      this.frames = spec.frames();
      this.dec = spec.decoder();
      this.vit = dec.viterbi();
      this.obs = new double[dec.bins()];
      this.yin = new double[frames.size()];
      frames.beginStream();
    }

    /** Feeds samples. NaN or infinity throws, naming the sample's position in the stream. */
    public void process(float[] in, int off, int len) {
      if (result != null) throw new IllegalStateException("Pyin.Stream.process: stream finished");
      java.util.Objects.checkFromIndexSize(off, len, in.length);
      for (int i = off; i < off + len; i++) {
        if (!Float.isFinite(in[i])) {
          throw new IllegalArgumentException("Pyin.Stream.process: non-finite input sample (" + in[i] + ") at index "
              + (frames.received() + i - off));
        }
      }
      for (int done = 0; done < len; ) {
        done += frames.append(in, off + done, len - done);
        drain();
      }
    }

    private void drain() {
      while (frames.next(yin)) {
        int t = vit.frames();
        if (t == vp.length) vp = java.util.Arrays.copyOf(vp, 2 * t);
        vp[t] = dec.observe(yin, yin.length, obs);
        vit.push(obs, vp[t]);
      }
    }

    /** Frames observed so far. */
    public int frames() {
      return vit.frames();
    }

    /** Bytes the stream holds that grow with the length: decided states and voiced probabilities (12 per frame). */
    public long growingBytes() {
      return vit.decidedBytes() + 8L * vp.length;
    }

    /** Bytes held for Viterbi back-pointers: bounded by the merge lag, not the length. */
    public long pointerBytes() {
      return vit.pointerBytes();
    }

    /** The largest number of frames whose state was still open at a traceback check. */
    public int maxLag() {
      return vit.maxLag();
    }

    /** Ends the signal, decodes and returns the result (the same one on later calls). */
    public Result finish() {
      if (result == null) {
        frames.end();
        drain();
        result = result(dec, vit, vp, vit.frames());
      }
      return result;
    }
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "Pyin[%s Hz, f0 %s..%s Hz, frame %d, hop %d, librosa HMM]",
        Yin.fmt(sampleRate), Yin.fmt(fmin), Yin.fmt(fmax), frameLength, hopLength);
  }
}
