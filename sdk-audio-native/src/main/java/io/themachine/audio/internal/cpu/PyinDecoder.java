package io.themachine.audio.internal.cpu;

/**
 * pYIN (Mauch and Dixon, ICASSP 2014) as librosa 0.11's {@code pyin} computes it: the
 * observation step of {@code __pyin_helper} and the Viterbi of {@code sequence.viterbi} over
 * {@code 2 n} states (n pitch bins voiced, then n unvoiced).
 *
 * <p>Observations per frame: troughs of the YIN function; for each of {@code n_thresholds}
 * thresholds {@code i / n_thresholds} a Beta prior weight ({@code diff(beta.cdf)}) shared by the
 * troughs below it with a Boltzmann prior over their order ({@code scipy.stats.boltzmann.pmf(k,
 * lambda, N) = (1 - e^-lambda) e^(-lambda k) / (1 - e^(-lambda N))}); the global minimum gets
 * {@code no_trough_prob} times the weight of the thresholds it is not below. Each candidate maps to
 * bin {@code round(12 b log2(f0 / fmin))} (numpy's half-to-even rounding; the out-of-range bin
 * {@code n} is dropped, as librosa's clip to {@code n} writes it into a row it then overwrites).
 *
 * <p>Transitions: librosa builds a dense {@code 2n x 2n} matrix, {@code kron(transition_loop(2,
 * 1 - switch_prob), transition_local(n, width, "triangle"))}, and takes {@code log(T + tiny)}. It is
 * zero outside a band of {@code width} bins, so the decoder here is sparse: each state looks at the
 * {@code 2 width} predecessors in its band (with the exact log values librosa uses, so ties break
 * the same way: first index wins) plus one out-of-band candidate, the previous frame's best state
 * with {@code log(tiny)}, which is the only out-of-band predecessor that can ever win. Cost per
 * frame {@code 2n x 2 width} instead of {@code (2n)^2}.
 */
public final class PyinDecoder {
  private static final double TINY = Double.MIN_NORMAL;
  private static final double LOG_TINY = Math.log(TINY);

  private final double sr;
  private final double fmin;
  private final int minPeriod;
  private final int nBins;
  private final int binsPerOctave;
  private final int half; // width / 2
  private final int width;
  private final double[] thresholds;
  private final double[] betaProbs;
  private final double boltzmann;
  private final double noTroughProb;
  private final double[] logStay; // [i * width + (j - i + half)]
  private final double[] logSwitch;
  private final double[] stayByOffset; // [(d + half) * n + j], d = j - i
  private final double[] switchByOffset;
  private final double logInit;

  // per-frame scratch
  private final int[] troughIdx;
  private final double[] troughProb;
  private final int[] firstBelow;
  private final int[] belowCount; // troughs below threshold th
  private final int[] rank; // troughs below th seen so far
  private final double[] factorTab;
  private final double[] expTab;

  public PyinDecoder(double sr, double fmin, double fmax, int minPeriod, int maxPeriod, int hop,
      int nThresholds, double betaA, double betaB, double boltzmann, double resolution,
      double maxTransitionRate, double switchProb, double noTroughProb) {
    this.sr = sr;
    this.fmin = fmin;
    this.minPeriod = minPeriod;
    this.boltzmann = boltzmann;
    this.noTroughProb = noTroughProb;
    int binsPerSemitone = (int) Math.ceil(1.0 / resolution);
    this.binsPerOctave = 12 * binsPerSemitone;
    this.nBins = (int) Math.floor(binsPerOctave * log2(fmax / fmin)) + 1;
    long maxSemitones = Math.round(maxTransitionRate * 12 * hop / sr); // Python round: half to even
    double raw = maxTransitionRate * 12 * hop / sr;
    if (Math.abs(raw - Math.floor(raw) - 0.5) < 1e-15) maxSemitones = (long) Math.rint(raw);
    this.width = (int) (maxSemitones * binsPerSemitone + 1);
    this.half = width / 2;
    // thresholds: np.linspace(0, 1, n + 1) = i * step, last exactly 1
    thresholds = new double[nThresholds + 1];
    double step = 1.0 / nThresholds;
    for (int i = 0; i <= nThresholds; i++) thresholds[i] = i * step;
    thresholds[nThresholds] = 1.0;
    betaProbs = new double[nThresholds];
    double prev = BetaDistribution.cdf(0.0, betaA, betaB);
    for (int i = 0; i < nThresholds; i++) {
      double c = BetaDistribution.cdf(thresholds[i + 1], betaA, betaB);
      betaProbs[i] = c - prev;
      prev = c;
    }
    // transition_local(n, width, "triangle", wrap=False), row-normalised with numpy's pairwise sum
    double[] tri = triang(width);
    double stay = 1 - switchProb; // transition_loop(2, 1 - switch_prob)
    double sw = (1.0 - stay) / 1;
    logStay = new double[nBins * width];
    logSwitch = new double[nBins * width];
    double[] row = new double[nBins];
    for (int i = 0; i < nBins; i++) {
      java.util.Arrays.fill(row, 0.0);
      for (int j = Math.max(0, i - half); j <= Math.min(nBins - 1, i + half); j++) row[j] = tri[j - i + half];
      double sum = NumpySum.pairwise(row, 0, nBins);
      for (int dj = -half; dj <= half; dj++) {
        int j = i + dj;
        double t = (j >= 0 && j < nBins) ? row[j] / sum : 0.0;
        logStay[i * width + dj + half] = Math.log(stay * t + TINY);
        logSwitch[i * width + dj + half] = Math.log(sw * t + TINY);
      }
    }
    // the same values laid out by offset d = j - i, contiguous in the target bin j
    stayByOffset = new double[width * nBins];
    switchByOffset = new double[width * nBins];
    for (int dd = -half; dd <= half; dd++) {
      for (int j = 0; j < nBins; j++) {
        int i = j - dd;
        boolean ok = i >= 0 && i < nBins;
        stayByOffset[(dd + half) * nBins + j] = ok ? logStay[i * width + dd + half] : Double.NEGATIVE_INFINITY;
        switchByOffset[(dd + half) * nBins + j] = ok ? logSwitch[i * width + dd + half] : Double.NEGATIVE_INFINITY;
      }
    }
    logInit = Math.log(1.0 / (2 * nBins) + TINY);
    int size = maxPeriod - minPeriod + 1;
    troughIdx = new int[size];
    troughProb = new double[size];
    firstBelow = new int[size];
    belowCount = new int[nThresholds];
    rank = new int[nThresholds];
    factorTab = new double[size + 1];
    expTab = new double[size + 1];
  }

  /** scipy.stats.boltzmann's normaliser (1 - e^-lambda) / (1 - e^(-lambda N)), cached by N. */
  private double factor(int count) {
    if (count >= factorTab.length) return (1 - Math.exp(-boltzmann)) / (1 - Math.exp(-boltzmann * count));
    double f = factorTab[count];
    if (f == 0) f = factorTab[count] = (1 - Math.exp(-boltzmann)) / (1 - Math.exp(-boltzmann * count));
    return f;
  }

  /** e^(-lambda k), cached. */
  private double expRank(int k) {
    if (k >= expTab.length) return Math.exp(-boltzmann * k);
    double e = expTab[k];
    if (e == 0) e = expTab[k] = Math.exp(-boltzmann * k);
    return e;
  }

  public int bins() {
    return nBins;
  }

  /** Centre frequency of pitch bin {@code b}: {@code fmin 2^(b / (12 bins_per_semitone))}. */
  public double binFrequency(int b) {
    return fmin * Math.pow(2, b / (double) binsPerOctave);
  }

  /**
   * Fills {@code obs[0..n)} with the voiced observation probabilities of one frame and returns the
   * voiced probability ({@code clip(sum, 0, 1)}); the unvoiced ones are {@code (1 - p) / n}.
   */
  public double observe(double[] yin, int len, double[] obs) {
    java.util.Arrays.fill(obs, 0, nBins, 0.0);
    int nt = 0;
    for (int i = 0; i < len; i++) if (YinFrames.isTrough(yin, len, i)) troughIdx[nt++] = i;
    if (nt == 0) return 0.0;
    int nThr = betaProbs.length;
    int gmin = 0;
    for (int t = 0; t < nt; t++) {
      double h = yin[troughIdx[t]];
      if (h < yin[troughIdx[gmin]]) gmin = t;
      // first threshold index th with h < thresholds[th + 1] (monotone in th)
      int th = 0;
      while (th < nThr && !(h < thresholds[th + 1])) th++;
      firstBelow[t] = th;
    }
    // Boltzmann prior: trough t's rank k among the troughs below threshold th, N of them.
    // Walk the troughs in order, counting per threshold how many came before (same values as
    // scipy's pmf, in a different summation order).
    java.util.Arrays.fill(belowCount, 0);
    for (int t = 0; t < nt; t++) if (firstBelow[t] < nThr) belowCount[firstBelow[t]]++;
    for (int th = 1; th < nThr; th++) belowCount[th] += belowCount[th - 1];
    java.util.Arrays.fill(rank, 0);
    for (int t = 0; t < nt; t++) {
      double p = 0;
      for (int th = firstBelow[t]; th < nThr; th++) {
        p += factor(belowCount[th]) * expRank(rank[th]) * betaProbs[th];
        rank[th]++;
      }
      troughProb[t] = p;
    }
    double extra = 0;
    for (int th = 0; th < firstBelow[gmin]; th++) extra += betaProbs[th];
    troughProb[gmin] += noTroughProb * extra;
    for (int t = 0; t < nt; t++) {
      if (troughProb[t] == 0) continue; // np.nonzero
      int idx = troughIdx[t];
      double period = minPeriod + idx + YinFrames.parabolicShift(yin, len, idx);
      double f0 = sr / period;
      double bin = Math.rint(binsPerOctave * log2(f0 / fmin));
      int b = (int) Math.max(0, Math.min(nBins, bin));
      if (b < nBins) obs[b] = troughProb[t]; // later (longer-period) candidates overwrite, as numpy does
    }
    double vp = 0;
    for (int b = 0; b < nBins; b++) vp += obs[b];
    return Math.max(0, Math.min(1, vp));
  }

  /**
   * Viterbi over the frames' observations. {@code voicedObs[t][0..n)} from {@link #observe};
   * writes the decoded state per frame ({@code < n}: voiced bin, else {@code n + bin}).
   */
  public void decode(double[][] voicedObs, double[] voicedProb, int frames, int[] states) {
    decode(voicedObs, voicedProb, frames, states, ViterbiBand.best());
  }

  /** {@link #decode} with a chosen band kernel (tests compare them). */
  public void decode(double[][] voicedObs, double[] voicedProb, int frames, int[] states, ViterbiBand band) {
    Viterbi vit = viterbi(band);
    for (int t = 0; t < frames; t++) vit.push(voicedObs[t], voicedProb[t]);
    vit.backtrack(states);
  }

  /** A forward pass fed one frame at a time (the streaming form of {@link #decode}). */
  public Viterbi viterbi() {
    return viterbi(ViterbiBand.best());
  }

  public Viterbi viterbi(ViterbiBand band) {
    return new Viterbi(band, true);
  }

  /**
   * {@code windowed}: decide frames as soon as every surviving path agrees on them and drop their
   * back-pointers (the default); false keeps every pointer to the end (tests compare the two).
   */
  public Viterbi viterbi(ViterbiBand band, boolean windowed) {
    return new Viterbi(band, windowed);
  }

  /**
   * The Viterbi forward pass frame by frame, then the backtrack. Fixed state: a few arrays of
   * {@code 2 n} doubles. Back-pointers, one per state per frame after the first, in chunks of
   * {@value #CHUNK} frames: where the band fits ({@code 2 width < 255}: librosa's defaults give
   * width 101 at 22.05 kHz / hop 512) a pointer is one byte, the predecessor's layer and offset
   * within the band, or 255 for the one out-of-band predecessor (the previous frame's best state,
   * stored once per frame as an int): {@code 2 n + 4} bytes per frame, 1208 for the 602 bins of
   * 65..2093 Hz. Otherwise a {@code short} per state, {@code 4 n} bytes per frame.
   *
   * <p>Windowed traceback (exact). librosa's decoder is offline: the best path's state at frame
   * {@code t} is known only after the last frame. But every path the backtrack can still take
   * from the newest frame starts at one of its {@code 2 n} states and follows the (final)
   * pointers, so where the back-traces of all {@code 2 n} states have merged into one state at
   * frame {@code c}, every frame up to {@code c} is decided whatever comes later: exactly the
   * states the whole-signal backtrack would give. Every {@value #CHECK} frames the traces are
   * followed back (the set of distinct states, deduplicated, shrinks within a few frames) until
   * they merge; the decided frames keep their state (4 bytes per frame) and their pointer chunks
   * go back to a pool. The pointers held then span the merge lag plus up to two chunks. The lag
   * is the signal's, not a constant: paths merge within a few dozen frames on speech and music
   * tones, and in silence (all unvoiced states equally likely) the band pulls every state towards
   * the best one within {@code n / (width / 2)} frames; a signal that kept two hypotheses alive
   * forever would keep their pointers too ({@link #maxLag()} reports the largest lag seen).
   */
  public final class Viterbi {
    static final int CHUNK = 256;
    static final int CHECK = 16;
    private final ViterbiBand band;
    private final boolean windowed;
    private final int n = nBins;
    private final int s2 = 2 * nBins;
    private double[] v = new double[s2];
    private double[] nv = new double[s2];
    private final double[] srcV = new double[nBins + 2 * half];
    private final double[] srcU = new double[nBins + 2 * half];
    private final double[] best = new double[nBins];
    private final double[] arg = new double[nBins];
    // back-pointers: a byte per state (its predecessor's layer and offset in the band, or 255 for
    // the frame's out-of-band best state, kept once per frame) when 2 width < 255, else a short.
    // The pointers of frame t + 1 (to frame t) sit at slot t, in chunk t / CHUNK, list index
    // t / CHUNK - dropped.
    private final boolean compact = 2 * width < 255;
    private final java.util.ArrayList<short[]> ptr = new java.util.ArrayList<>();
    private final java.util.ArrayList<byte[]> ptr8 = new java.util.ArrayList<>();
    private final java.util.ArrayList<int[]> gPtr = new java.util.ArrayList<>();
    private final java.util.ArrayDeque<short[]> poolPtr = new java.util.ArrayDeque<>();
    private final java.util.ArrayDeque<byte[]> poolPtr8 = new java.util.ArrayDeque<>();
    private final java.util.ArrayDeque<int[]> poolG = new java.util.ArrayDeque<>();
    private int dropped; // chunks released from the front
    private int frames;
    private int done; // frames [0, done) decided
    private int[] decided = new int[CHUNK];
    private final int[] mark;
    private int stamp;
    private int[] cur;
    private int[] next;
    private int maxLag;

    Viterbi(ViterbiBand band, boolean windowed) {
      if (s2 > 1 << 16) throw new IllegalArgumentException("pyin: " + s2 + " states do not fit the back-pointers");
      this.band = band;
      this.windowed = windowed;
      java.util.Arrays.fill(srcV, Double.NEGATIVE_INFINITY);
      java.util.Arrays.fill(srcU, Double.NEGATIVE_INFINITY);
      mark = windowed ? new int[s2] : null;
      cur = windowed ? new int[s2] : null;
      next = windowed ? new int[s2] : null;
    }

    /** Frames pushed. */
    public int frames() {
      return frames;
    }

    /** Frames whose state is already decided (their pointers dropped). */
    public int decidedFrames() {
      return done;
    }

    /** The largest number of undecided frames seen at a check: the merge lag. */
    public int maxLag() {
      return maxLag;
    }

    /** Bytes held for the back-pointers (in use and pooled). */
    public long pointerBytes() {
      return compact ? (long) (ptr8.size() + poolPtr8.size()) * CHUNK * (s2 + 4)
          : (long) (ptr.size() + poolPtr.size()) * CHUNK * s2 * 2;
    }

    /** Bytes held for the decided states (4 per frame, in a doubling array). */
    public long decidedBytes() {
      return 4L * decided.length;
    }

    /** One frame's observations ({@code voicedObs[0..n)} from {@link #observe}) and voiced probability. */
    public void push(double[] o, double voicedProb) {
      int t = frames++;
      if (t == 0) {
        for (int j = 0; j < s2; j++) v[j] = logObs(o, voicedProb, j) + logInit;
        return;
      }
      int slot = (t - 1) % CHUNK;
      if (slot == 0) {
        if (compact) {
          byte[] c8 = poolPtr8.poll();
          ptr8.add(c8 != null ? c8 : new byte[CHUNK * s2]);
          int[] cg = poolG.poll();
          gPtr.add(cg != null ? cg : new int[CHUNK]);
        } else {
          short[] c = poolPtr.poll();
          ptr.add(c != null ? c : new short[CHUNK * s2]);
        }
      }
      short[] chunk = compact ? null : ptr.get(ptr.size() - 1);
      byte[] chunk8 = compact ? ptr8.get(ptr8.size() - 1) : null;
      int g = 0;
      for (int i = 1; i < s2; i++) if (v[i] > v[g]) g = i;
      double vg = v[g] + LOG_TINY;
      int gb = g < n ? g : g - n;
      System.arraycopy(v, 0, srcV, half, n);
      System.arraycopy(v, n, srcU, half, n);
      double unvoicedLog = Math.log((1 - voicedProb) / n + TINY);
      int base = slot * s2;
      if (compact) gPtr.get(gPtr.size() - 1)[slot] = g;
      for (int layer = 0; layer < 2; layer++) { // 0: voiced targets, 1: unvoiced targets
        java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
        band.step(srcV, layer == 0 ? stayByOffset : switchByOffset, n, half, 0, best, arg);
        band.step(srcU, layer == 0 ? switchByOffset : stayByOffset, n, half, n, best, arg);
        int jBase = layer * n;
        for (int b = 0; b < n; b++) {
          double bb = best[b];
          int a = (int) arg[b];
          // the only out-of-band predecessor that can win: the best state, with log(tiny)
          if ((gb < b - half || gb > b + half) && (vg > bb || (vg == bb && g < a))) {
            bb = vg;
            a = g;
          }
          if (compact) {
            int ab = a < n ? a : a - n, d = b - ab;
            chunk8[base + jBase + b] = (byte) (d < -half || d > half ? 255 : (a < n ? 0 : width) + d + half);
          } else {
            chunk[base + jBase + b] = (short) a;
          }
          // log(0 + tiny) is LOG_TINY exactly; most voiced bins have no candidate
          nv[jBase + b] = (layer == 0 ? (o[b] == 0 ? LOG_TINY : Math.log(o[b] + TINY)) : unvoicedLog) + bb;
        }
      }
      double[] tmp = v;
      v = nv;
      nv = tmp;
      if (windowed && frames % CHECK == 0) merge();
    }

    /** The state at frame {@code f} on the path through state {@code j} at frame {@code f + 1}. */
    private int pred(int f, int j) {
      int c = f / CHUNK - dropped, i = (f % CHUNK) * s2 + j;
      if (!compact) return ptr.get(c)[i] & 0xFFFF;
      int code = ptr8.get(c)[i] & 0xFF;
      if (code == 255) return gPtr.get(c)[f % CHUNK];
      int b = j < n ? j : j - n;
      int layer = code / width, d = code % width - half;
      return layer * n + b - d;
    }

    /**
     * Follows the back-traces of every state of the newest frame until they meet in one state;
     * decides the frames from there down to {@link #done} and releases their pointer chunks.
     */
    private void merge() {
      int last = frames - 1;
      maxLag = Math.max(maxLag, last - done);
      int size = s2;
      for (int j = 0; j < s2; j++) cur[j] = j;
      for (int f = last - 1; f >= done; f--) {
        if (++stamp == 0) { // wrapped: clear the marks once
          java.util.Arrays.fill(mark, 0);
          stamp = 1;
        }
        int m = 0;
        for (int i = 0; i < size; i++) {
          int p = pred(f, cur[i]);
          if (mark[p] != stamp) {
            mark[p] = stamp;
            next[m++] = p;
          }
        }
        int[] t = cur;
        cur = next;
        next = t;
        size = m;
        if (size == 1) {
          if (f + 1 > decided.length) decided = java.util.Arrays.copyOf(decided, Math.max(f + 1, 2 * decided.length));
          int s = cur[0];
          for (int g = f; g >= done; g--) {
            decided[g] = s;
            if (g > done) s = pred(g - 1, s);
          }
          done = f + 1;
          release();
          return;
        }
      }
    }

    /** Returns the chunks whose slots all lie below {@link #done} to the pool. */
    private void release() {
      while ((dropped + 1) * CHUNK <= done && (compact ? ptr8.size() : ptr.size()) > 1) {
        if (compact) {
          poolPtr8.push(ptr8.remove(0));
          poolG.push(gPtr.remove(0));
        } else {
          poolPtr.push(ptr.remove(0));
        }
        dropped++;
      }
    }

    /** Writes the decoded state per frame ({@code < n}: voiced bin, else {@code n + bin}) into {@code states[0..frames)}. */
    public void backtrack(int[] states) {
      if (frames == 0) return;
      System.arraycopy(decided, 0, states, 0, done);
      if (done == frames) return;
      int last = 0;
      for (int i = 1; i < s2; i++) if (v[i] > v[last]) last = i;
      states[frames - 1] = last;
      for (int t = frames - 2; t >= done; t--) states[t] = pred(t, states[t + 1]);
    }
  }

  private double logObs(double[] voiced, double vp, int j) {
    return j < nBins ? Math.log(voiced[j] + TINY) : Math.log((1 - vp) / nBins + TINY);
  }

  /** scipy.signal.windows.triang(m) (symmetric). */
  static double[] triang(int m) {
    double[] w = new double[m];
    int half = (m + 1) / 2;
    for (int k = 1; k <= half; k++) {
      double v = (m % 2 == 1) ? 2.0 * k / (m + 1.0) : (2.0 * k - 1.0) / m;
      w[k - 1] = v;
      w[m - k] = v;
    }
    return w;
  }

  static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
