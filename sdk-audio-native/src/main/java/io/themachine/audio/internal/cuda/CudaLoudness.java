package io.themachine.audio.internal.cuda;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The CUDA loudness measurement of a batch of recordings resident on the device, three kernels of
 * {@code loudness.cu} on one stream:
 * <ol>
 *   <li>{@code loudness_chunks} (one fused pass over the samples: K-weighted 100 ms sub-block
 *       energies, sample peak, Annex 2 true peak, non-finite count per chunk);
 *   <li>{@code loudness_gating} (one block per recording: weighted sub-block energies, BS.1770-4
 *       Annex 1 gating and EBU Tech 3342 LRA with B's histogram bookkeeping, peak maxima, the best
 *       window aligned on sub-blocks and the runs of window starts that could beat it);
 *   <li>{@code loudness_maxima} (the flagged runs only: maxima over every window position at a hop
 *       of one sample).
 * </ol>
 * The device returns a {@link Summary} per recording (a few numbers); {@link LoudnessGatingModel}
 * is the kernels' CPU model.
 *
 * <p>Usage: {@code try (var k = new CudaLoudness(ctx, cacheDir); var b = k.upload(inputs)) {
 * k.measure(b, true, true, false, stream); stream.synchronize(); k.summaries(b); }}
 */
public final class CudaLoudness implements AutoCloseable {
  /** Sub-blocks per chunk: 8 x 100 ms, so the 10,240-frame warm-up costs about 27 % extra filtering at 48 kHz. */
  public static final int SUBS_PER_CHUNK = 8;
  /**
   * Window starts (sub-blocks) per thread of {@code loudness_maxima}: longer runs spend less on
   * warm-ups (2 x 10,240 frames per run at 48 kHz against 2 x 4,800 per window start) but give
   * fewer threads and prune more coarsely.
   */
  public static final int MAXIMA_RUN_SUBS = 8;
  static final int BLOCK = 128;
  /** {@code GATE_THREADS}, {@code BINS} and {@code OUT_FIELDS} of {@code loudness.cu}. */
  static final int GATE_THREADS = 256, BINS = 10_000, OUT_FIELDS = 6;
  /** At most this many gating blocks (each owns 240 KB of histogram scratch; blocks loop over recordings). */
  static final int GATE_GRID_MAX = 128;
  /** {@code MAX_CHANNELS} of {@code loudness_maxima}, the CPU meters' limit too. */
  public static final int MAX_CHANNELS = 24;

  /**
   * One recording: the channels (planar float, all the same length), the sample rate and the
   * BS.1770-4 weight of each channel.
   */
  public record Input(int sampleRate, float[][] channels, double[] weights) {
    public Input {
      Objects.requireNonNull(channels, "channels");
      Objects.requireNonNull(weights, "weights");
      if (channels.length == 0 || weights.length != channels.length) throw new IllegalArgumentException("channels and weights differ");
      for (float[] c : channels) if (c.length != channels[0].length) throw new IllegalArgumentException("channels differ in length");
      if (channels.length > MAX_CHANNELS) throw new IllegalArgumentException("at most " + MAX_CHANNELS + " channels: " + channels.length);
    }

    public long frames() {
      return channels[0].length;
    }
  }

  /**
   * The device's answer for one recording: channel-weighted sums of squared K-weighted samples
   * per 100 ms sub-block (the last entry may cover a partial sub-block), and the maxima.
   */
  public record Raw(int sampleRate, long frames, int sub, double[] subBlockEnergies, double samplePeak, double truePeak,
      long nonFinite) {
    @Override
    public String toString() {
      return "Raw[" + frames + " frames, " + subBlockEnergies.length + " sub-blocks, SP " + samplePeak + ", TP " + truePeak + "]";
    }
  }

  /**
   * One recording as the device reports it after {@code loudness_gating} and {@code
   * loudness_maxima}: energies are channel-weighted sums of squared K-weighted samples.
   *
   * @param gatedMeanEnergy    mean energy of the gating blocks that pass both gates, NaN when none does
   * @param totalEnergy        sum over every frame (the ungated estimate's numerator)
   * @param rangeLu            EBU Tech 3342 LRA, NaN without a short-term value
   * @param samplePeak         max |x| (linear); NaN when peaks were not asked for
   * @param truePeak           Annex 2 true peak (linear, with the filter's tail); NaN likewise
   * @param nonFinite          NaN/Inf samples (measured as 0)
   * @param maxMomentarySum    max over every 400 ms window (hop 1 sample) of its energy sum; NaN when
   *                           not asked for or shorter than 400 ms
   * @param maxShortTermSum    the same for 3 s windows
   */
  public record Summary(int sampleRate, long frames, int sub, double gatedMeanEnergy, double totalEnergy, double rangeLu,
      double samplePeak, double truePeak, long nonFinite, double maxMomentarySum, double maxShortTermSum) {

    /**
     * The {@link io.themachine.audio.dsp.LoudnessResult}, with the CPU meter's status rules and
     * conversions ({@code MeterEngine.result}).
     */
    public io.themachine.audio.dsp.LoudnessResult result(io.themachine.spi.audio.ChannelLayout layout, double[] weights,
        io.themachine.audio.dsp.LoudnessOptions options) {
      long complete = frames / sub;
      io.themachine.audio.dsp.LoudnessStatus status;
      if (complete < 4) status = io.themachine.audio.dsp.LoudnessStatus.TOO_SHORT;
      else if (Double.isNaN(gatedMeanEnergy)) status = io.themachine.audio.dsp.LoudnessStatus.BELOW_ABSOLUTE_GATE;
      else if (nonFinite > 0) status = io.themachine.audio.dsp.LoudnessStatus.NON_FINITE_INPUT;
      else status = io.themachine.audio.dsp.LoudnessStatus.MEASURED;
      double integrated = Double.isNaN(gatedMeanEnergy) ? Double.NaN : lufs(gatedMeanEnergy);
      double ungated = frames == 0 ? Double.NaN : lufs(totalEnergy / frames);
      double mm = Double.NaN, ms = Double.NaN;
      if (options.maxima()) {
        if (frames >= 4L * sub) mm = lufs(Math.max(0.0, maxMomentarySum) / (4.0 * sub));
        if (frames >= 30L * sub) ms = lufs(Math.max(0.0, maxShortTermSum) / (30.0 * sub));
      }
      double spDb = Double.NaN, tpDb = Double.NaN;
      if (options.peaks() && frames > 0) {
        spDb = 20.0 * Math.log10(samplePeak);
        tpDb = 20.0 * Math.log10(truePeak);
      }
      List<Double> w = new ArrayList<>(weights.length);
      for (double v : weights) w.add(v);
      return new io.themachine.audio.dsp.LoudnessResult(status, integrated, ungated, rangeLu, mm, ms, spDb, tpDb, frames,
          sampleRate, layout.name(), w, nonFinite, options.lraSampling());
    }

    static double lufs(double energy) {
      return -0.691 + 10.0 * Math.log10(energy);
    }

    @Override
    public String toString() {
      return "Summary[" + frames + " frames, gated " + gatedMeanEnergy + ", LRA " + rangeLu + ", TP " + truePeak + "]";
    }
  }

  private final CudaContext ctx;
  private final CudaModule module;
  private final int subsPerChunk;
  private final int runSubs;

  /** Compiles (or loads from the cache) the kernel for this device. {@code cacheDir} may be null. */
  public CudaLoudness(CudaContext ctx, Path cacheDir) {
    this(ctx, cacheDir, SUBS_PER_CHUNK);
  }

  /**
   * With a chunk length of {@code subsPerChunk} sub-blocks: shorter chunks give more threads (the
   * recursion is latency-bound, so the device wants many) at the price of more warm-up filtering;
   * results are the same to double precision for any value (tuning knob for the GPU benchmark).
   */
  public CudaLoudness(CudaContext ctx, Path cacheDir, int subsPerChunk) {
    this(ctx, cacheDir, subsPerChunk, MAXIMA_RUN_SUBS);
  }

  /** With {@code runSubs} window starts per {@code loudness_maxima} thread as well (tuning knob; same results). */
  public CudaLoudness(CudaContext ctx, Path cacheDir, int subsPerChunk, int runSubs) {
    if (subsPerChunk < 1) throw new IllegalArgumentException("subsPerChunk must be positive: " + subsPerChunk);
    if (runSubs < 1) throw new IllegalArgumentException("runSubs must be positive: " + runSubs);
    this.runSubs = runSubs;
    this.ctx = ctx;
    this.subsPerChunk = subsPerChunk;
    CudaRuntime rt = ctx.runtime();
    KernelCache cache = new KernelCache(cacheDir, new NvrtcCompiler(rt));
    byte[] image = cache.image("loudness.cu", KernelCache.source("loudness.cu"), KernelCache.Target.of(rt), NvrtcCompiler.options(rt));
    this.module = CudaModule.load(ctx, image);
  }

  /**
   * The host-side layout of a batch, every array the kernels take (what {@link Batch} uploads; the
   * emulation test writes the same arrays for the kernel source run on the CPU).
   */
  static final class Plan {
    int tracks, chunks, runs, gateGrid, nRec;
    long samples, energyCount, sbTotal;
    final long[] off, len, energyBase, rFr, rSb;
    final int[] rt, sb, wu, trackRecording, chunkTrackHost, chunkIdx, rT0, rCh, rSub, rC0, rCn, mBase, mRec, mKind, mRun;
    final double[] tw, coefFlat;

    final int runSubs;

    Plan(List<Input> inputs, int subsPerChunk, int runSubs) {
      this.runSubs = runSubs;
      Map<Integer, Integer> rateIndex = new LinkedHashMap<>();
      List<double[]> coefs = new ArrayList<>();
      for (Input in : inputs) {
        tracks += in.channels().length;
        samples += in.frames() * in.channels().length;
      }
      off = new long[tracks];
      len = new long[tracks];
      rt = new int[tracks];
      sb = new int[tracks];
      wu = new int[tracks];
      trackRecording = new int[tracks];
      energyBase = new long[tracks];
      List<int[]> chunkList = new ArrayList<>();
      nRec = inputs.size();
      tw = new double[tracks];
      rT0 = new int[nRec];
      rCh = new int[nRec];
      rSub = new int[nRec];
      rC0 = new int[nRec];
      rCn = new int[nRec];
      rFr = new long[nRec];
      rSb = new long[nRec];
      mBase = new int[2 * nRec + 1];
      List<int[]> runList = new ArrayList<>();
      long pos = 0, eb = 0;
      int t = 0;
      for (int r = 0; r < inputs.size(); r++) {
        Input in = inputs.get(r);
        double[] k = KCoefficients.forRate(in.sampleRate());
        Integer ri = rateIndex.get(in.sampleRate());
        if (ri == null) {
          ri = coefs.size();
          rateIndex.put(in.sampleRate(), ri);
          coefs.add(k);
        }
        ChunkPlan plan = ChunkPlan.of(in.sampleRate(), k, subsPerChunk);
        rT0[r] = t;
        rCh[r] = in.channels().length;
        rFr[r] = in.frames();
        rSub[r] = plan.sub();
        rSb[r] = sbTotal;
        sbTotal += plan.subBlocksWithTail(in.frames());
        rC0[r] = chunkList.size();
        for (int kind = 0; kind < 2; kind++) {
          mBase[2 * r + kind] = runList.size();
          long n = LoudnessGatingModel.maximaRuns(in.frames(), plan.sub(), kind == 0 ? 4 : 30, runSubs);
          for (int j = 0; j < n; j++) runList.add(new int[] {r, kind, j});
        }
        for (int c = 0; c < in.channels().length; c++, t++) {
          tw[t] = in.weights()[c];
          off[t] = pos;
          len[t] = in.frames();
          rt[t] = ri;
          sb[t] = plan.sub();
          wu[t] = plan.warmUp();
          trackRecording[t] = r;
          energyBase[t] = eb;
          pos += in.frames();
          eb += plan.subBlocksWithTail(in.frames());
          for (long j = 0; j < plan.chunks(in.frames()); j++) chunkList.add(new int[] {t, (int) j});
        }
        rCn[r] = chunkList.size() - rC0[r];
      }
      mBase[2 * nRec] = runList.size();
      runs = runList.size();
      mRec = new int[runs];
      mKind = new int[runs];
      mRun = new int[runs];
      for (int i = 0; i < runs; i++) {
        mRec[i] = runList.get(i)[0];
        mKind[i] = runList.get(i)[1];
        mRun[i] = runList.get(i)[2];
      }
      gateGrid = Math.max(1, Math.min(nRec, GATE_GRID_MAX));
      energyCount = Math.max(1, eb);
      chunks = chunkList.size();
      chunkTrackHost = new int[chunks];
      chunkIdx = new int[chunks];
      for (int i = 0; i < chunks; i++) {
        chunkTrackHost[i] = chunkList.get(i)[0];
        chunkIdx[i] = chunkList.get(i)[1];
      }
      coefFlat = new double[7 * coefs.size()];
      for (int i = 0; i < coefs.size(); i++) System.arraycopy(coefs.get(i), 0, coefFlat, 7 * i, 7);
    }
  }

  /** A batch on the device: samples, descriptor arrays and scratch; read with {@link #summaries} (or {@link #results} after {@link #run}). */
  public final class Batch implements AutoCloseable {
    final List<Input> inputs;
    final int tracks;
    final int chunks;
    final long samples;
    final long energyCount;
    final int[] trackRecording;
    final long[] energyBase;
    final int[] chunkTrackHost;
    final int[] trackSub;
    final List<DeviceBuffer> owned = new ArrayList<>();
    final DeviceBuffer x, offset, frames, rate, coef, sub, warm, eBase, chunkTrack, chunkIndex, energies, sp, tp, bad;
    // loudness_gating / loudness_maxima: per recording, per maxima run, scratch and results.
    final int runs;
    final int gateGrid;
    final DeviceBuffer trackWeight, recTrack0, recChannels, recFrames, recSub, recSubBase, recChunk0, recChunks, mxBase,
        mxRec, mxKind, mxRun, wsum, histCount, histSum, flags, out, maxBits;

    Batch(List<Input> inputs) {
      this.inputs = List.copyOf(inputs);
      Plan pl = new Plan(this.inputs, subsPerChunk, runSubs);
      tracks = pl.tracks;
      samples = pl.samples;
      trackRecording = pl.trackRecording;
      energyBase = pl.energyBase;
      trackSub = pl.sb;
      runs = pl.runs;
      gateGrid = pl.gateGrid;
      energyCount = pl.energyCount;
      chunks = pl.chunks;
      chunkTrackHost = pl.chunkTrackHost;
      long sbTotal = pl.sbTotal;
      int nRec = pl.nRec;
      try {
        x = alloc(Math.max(1, samples) * 4);
        try (Arena a = Arena.ofConfined()) {
          // Upload channel by channel through one staging segment per recording channel.
          long at = 0;
          for (Input in : inputs) {
            for (float[] ch : in.channels()) {
              if (ch.length > 0) x.copyFrom(a.allocateFrom(JAVA_FLOAT, ch), at);
              at += 4L * ch.length;
            }
          }
          offset = upload(a, pl.off);
          frames = upload(a, pl.len);
          rate = upload(a, pl.rt);
          coef = uploadD(a, pl.coefFlat);
          sub = upload(a, pl.sb);
          warm = upload(a, pl.wu);
          eBase = upload(a, pl.energyBase);
          chunkTrack = upload(a, pl.chunkTrackHost);
          chunkIndex = upload(a, pl.chunkIdx);
          trackWeight = uploadD(a, pl.tw);
          recTrack0 = upload(a, pl.rT0);
          recChannels = upload(a, pl.rCh);
          recFrames = upload(a, pl.rFr);
          recSub = upload(a, pl.rSub);
          recSubBase = upload(a, pl.rSb);
          recChunk0 = upload(a, pl.rC0);
          recChunks = upload(a, pl.rCn);
          mxBase = upload(a, pl.mBase);
          mxRec = upload(a, pl.mRec);
          mxKind = upload(a, pl.mKind);
          mxRun = upload(a, pl.mRun);
        }
        wsum = alloc(8 * Math.max(1, sbTotal));
        histCount = alloc(4L * 2 * BINS * gateGrid);
        histSum = alloc(8L * 2 * BINS * gateGrid);
        flags = alloc(4L * Math.max(1, runs));
        out = alloc(8L * OUT_FIELDS * Math.max(1, nRec));
        maxBits = alloc(8L * 2 * Math.max(1, nRec));
        energies = alloc(8 * energyCount);
        sp = alloc(8L * Math.max(1, chunks));
        tp = alloc(8L * Math.max(1, chunks));
        bad = alloc(4L * Math.max(1, chunks));
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    private DeviceBuffer alloc(long bytes) {
      DeviceBuffer b = DeviceBuffer.allocate(ctx, bytes);
      owned.add(b);
      return b;
    }

    private DeviceBuffer upload(Arena a, long[] v) {
      DeviceBuffer b = alloc(8L * Math.max(1, v.length));
      if (v.length > 0) b.copyFrom(a.allocateFrom(JAVA_LONG, v), 0);
      return b;
    }

    private DeviceBuffer upload(Arena a, int[] v) {
      DeviceBuffer b = alloc(4L * Math.max(1, v.length));
      if (v.length > 0) b.copyFrom(a.allocateFrom(JAVA_INT, v), 0);
      return b;
    }

    private DeviceBuffer uploadD(Arena a, double[] v) {
      DeviceBuffer b = alloc(8L * Math.max(1, v.length));
      if (v.length > 0) b.copyFrom(a.allocateFrom(JAVA_DOUBLE, v), 0);
      return b;
    }

    /**
     * Replaces the batch's samples from pinned host memory laid out as {@link #upload} lays them
     * out (recording by recording, channel by channel, float32), asynchronously on {@code stream}:
     * a copy on one stream overlaps a kernel on another.
     */
    public void refill(PinnedBuffer src, long srcOffset, CudaStream stream) {
      if (samples > 0) x.copyFromAsync(src, srcOffset, 0, 4 * samples, stream);
    }

    /** Device-to-device copy of the batch's samples (bandwidth baseline). */
    public void copyInputTo(DeviceBuffer dst) {
      if (samples > 0) x.copyTo(0, dst, 0, 4 * samples);
    }

    /** Input bytes on the device (float samples): the numerator of the effective bandwidth. */
    public long inputBytes() {
      return samples * 4;
    }

    public int recordings() {
      return inputs.size();
    }

    int recFirstTrack(int r) {
      int t = 0;
      for (int i = 0; i < r; i++) t += inputs.get(i).channels().length;
      return t;
    }

    @Override
    public void close() {
      RuntimeException first = null;
      for (DeviceBuffer b : owned) {
        try {
          b.close();
        } catch (RuntimeException e) {
          if (first == null) first = e;
        }
      }
      owned.clear();
      if (first != null) throw first;
    }

    @Override
    public String toString() {
      return "CudaLoudness.Batch[" + inputs.size() + " recordings, " + tracks + " channels, " + chunks + " chunks, "
          + samples + " samples]";
    }
  }

  /** Uploads a batch (synchronously). */
  public Batch upload(List<Input> inputs) {
    return new Batch(inputs);
  }

  /**
   * Launches the whole measurement on {@code stream} and returns at once: the fused pass, gating
   * and LRA ({@code lraEvery100ms}: a short-term value per sub-block instead of per second), and with
   * {@code maxima} the maxima over every window position. Read with {@link #summaries} after the
   * stream has finished.
   */
  public void measure(Batch b, boolean peaks, boolean maxima, boolean lraEvery100ms, CudaStream stream) {
    run(b, peaks, stream);
    if (b.inputs.isEmpty()) return;
    module.launch("loudness_gating", b.gateGrid, GATE_THREADS, 0, stream, b.energies, b.eBase, b.trackWeight, b.recTrack0,
        b.recChannels, b.recFrames, b.recSub, b.recSubBase, b.recChunk0, b.recChunks, b.mxBase, b.sp, b.tp, b.bad,
        b.inputs.size(), runSubs, lraEvery100ms ? 1 : 0, peaks ? 1 : 0, maxima ? 1 : 0, b.wsum, b.histCount, b.histSum,
        b.flags, b.out, b.maxBits);
    if (maxima && b.runs > 0) {
      module.launch("loudness_maxima", (b.runs + BLOCK - 1) / BLOCK, BLOCK, 0, stream, b.x, b.offset, b.coef, b.rate, b.warm,
          b.trackWeight, b.recTrack0, b.recChannels, b.recFrames, b.recSub, b.recSubBase, b.mxRec, b.mxKind, b.mxRun, b.runs,
          runSubs, b.wsum, b.flags, b.maxBits);
    }
  }

  /** The per-recording numbers of the last {@link #measure} (after the stream has finished). */
  public List<Summary> summaries(Batch b, boolean peaks, boolean maxima) {
    int n = b.inputs.size();
    double[] o = new double[OUT_FIELDS * Math.max(1, n)];
    long[] mb = new long[2 * Math.max(1, n)];
    try (Arena a = Arena.ofConfined()) {
      MemorySegment so = a.allocate(JAVA_DOUBLE, o.length), sm = a.allocate(JAVA_LONG, mb.length);
      b.out.copyTo(0, so);
      b.maxBits.copyTo(0, sm);
      MemorySegment.copy(so, JAVA_DOUBLE, 0, o, 0, o.length);
      MemorySegment.copy(sm, JAVA_LONG, 0, mb, 0, mb.length);
    }
    List<Summary> out = new ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      Input in = b.inputs.get(r);
      int sub = b.trackSub[b.recFirstTrack(r)];
      double mm = maxima && in.frames() >= 4L * sub ? Double.longBitsToDouble(mb[2 * r]) : Double.NaN;
      double ms = maxima && in.frames() >= 30L * sub ? Double.longBitsToDouble(mb[2 * r + 1]) : Double.NaN;
      int f = OUT_FIELDS * r;
      out.add(new Summary(in.sampleRate(), in.frames(), sub, o[f], o[f + 1], o[f + 2], peaks ? o[f + 3] : Double.NaN,
          peaks ? o[f + 4] : Double.NaN, (long) o[f + 5], mm, ms));
    }
    return out;
  }

  /** Launches the fused pass ({@code loudness_chunks}) alone on {@code stream}; returns at once. */
  public void run(Batch b, boolean peaks, CudaStream stream) {
    if (b.chunks == 0) return;
    int grid = (b.chunks + BLOCK - 1) / BLOCK;
    module.launch("loudness_chunks", grid, BLOCK, 0, stream, b.x, b.offset, b.frames, b.rate, b.coef, b.sub, b.warm,
        b.eBase, b.chunkTrack, b.chunkIndex, b.chunks, subsPerChunk, peaks ? 1 : 0, b.energies, b.sp, b.tp, b.bad);
  }

  /**
   * The fused pass's own output (after {@link #run} and the stream has finished), reduced per
   * recording on the host: the kernel check of the GPU tests and the benchmark.
   */
  public List<Raw> results(Batch b, boolean peaks) {
    double[] e = new double[(int) b.energyCount];
    double[] sp = new double[Math.max(1, b.chunks)], tp = new double[Math.max(1, b.chunks)];
    int[] bad = new int[Math.max(1, b.chunks)];
    try (Arena a = Arena.ofConfined()) {
      MemorySegment se = a.allocate(JAVA_DOUBLE, e.length);
      b.energies.copyTo(0, se);
      MemorySegment.copy(se, JAVA_DOUBLE, 0, e, 0, e.length);
      MemorySegment sb = a.allocate(JAVA_INT, bad.length);
      b.bad.copyTo(0, sb);
      MemorySegment.copy(sb, JAVA_INT, 0, bad, 0, bad.length);
      if (peaks) {
        MemorySegment s1 = a.allocate(JAVA_DOUBLE, sp.length), s2 = a.allocate(JAVA_DOUBLE, tp.length);
        b.sp.copyTo(0, s1);
        b.tp.copyTo(0, s2);
        MemorySegment.copy(s1, JAVA_DOUBLE, 0, sp, 0, sp.length);
        MemorySegment.copy(s2, JAVA_DOUBLE, 0, tp, 0, tp.length);
      }
    }
    List<Raw> out = new ArrayList<>(b.inputs.size());
    int t = 0;
    double[] recSp = new double[b.inputs.size()], recTp = new double[b.inputs.size()];
    long[] recBad = new long[b.inputs.size()];
    for (int g = 0; g < b.chunks; g++) {
      int r = b.trackRecording[b.chunkTrackHost[g]];
      recSp[r] = Math.max(recSp[r], sp[g]);
      recTp[r] = Math.max(recTp[r], tp[g]);
      recBad[r] += bad[g];
    }
    for (int r = 0; r < b.inputs.size(); r++) {
      Input in = b.inputs.get(r);
      int sub = b.trackSub[t];
      int n = (int) (in.frames() <= 0 ? 0 : (in.frames() + sub - 1) / sub);
      double[] w = new double[n];
      for (int c = 0; c < in.channels().length; c++, t++) {
        long base = b.energyBase[t];
        double wc = in.weights()[c];
        for (int i = 0; i < n; i++) w[i] += wc * e[(int) (base + i)];
      }
      out.add(new Raw(in.sampleRate(), in.frames(), sub, w, peaks ? recSp[r] : Double.NaN, peaks ? recTp[r] : Double.NaN,
          recBad[r]));
    }
    return out;
  }

  @Override
  public void close() {
    module.close();
  }
}
