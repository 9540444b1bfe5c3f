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
    int minP = (int) Math.floor(sampleRate / fmax);
    int maxP = Math.min((int) Math.ceil(sampleRate / fmin), frameLength - 1);
    YinFrames frames = new YinFrames(frameLength, hopLength, minP, maxP, center);
    PyinDecoder dec = new PyinDecoder(sampleRate, fmin, fmax, minP, maxP, hopLength, nThresholds, betaA, betaB,
        boltzmann, resolution, maxTransitionRate, switchProb, noTroughProb);
    int nf = frames.begin(y);
    int bins = dec.bins();
    double[][] obs = new double[nf][bins];
    double[] vp = new double[nf];
    double[] yin = new double[frames.size()];
    for (int t = 0; frames.next(yin); t++) vp[t] = dec.observe(yin, yin.length, obs[t]);
    int[] states = new int[nf];
    dec.decode(obs, vp, nf, states);
    double[] f0 = new double[nf];
    boolean[] voiced = new boolean[nf];
    for (int t = 0; t < nf; t++) {
      voiced[t] = states[t] < bins;
      f0[t] = voiced[t] ? dec.binFrequency(states[t]) : Double.NaN;
    }
    return new Result(f0, voiced, vp);
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "Pyin[%s Hz, f0 %s..%s Hz, frame %d, hop %d, librosa HMM]",
        Yin.fmt(sampleRate), Yin.fmt(fmin), Yin.fmt(fmax), frameLength, hopLength);
  }
}
