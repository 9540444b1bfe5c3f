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
 * The CUDA loudness pass over a batch of recordings resident on the device: kernel
 * {@code loudness_chunks} in {@code loudness.cu} (one fused pass: K-weighted 100 ms sub-block
 * energies, sample peak, Annex 2 true peak, non-finite count per chunk). The host then reduces the
 * per-chunk peaks and weights and sums the channels' sub-block energies; gating (BS.1770-4 Annex 1),
 * LRA (EBU Tech 3342) and the result record are computed on the host from those energies, by the
 * same bookkeeping as the CPU meter, so they agree with it by construction
 * ({@code SubBlockLoudness}). That host step handles 10 values per second of audio: microseconds
 * per recording, against the kernel's pass over every sample.
 *
 * <p>Usage: {@code try (var k = new CudaLoudness(ctx, cacheDir); var b = k.upload(inputs)) {
 * k.run(b, true, stream); stream.synchronize(); k.results(b); }}
 */
public final class CudaLoudness implements AutoCloseable {
  /** Sub-blocks per chunk: 8 x 100 ms, so the 10,240-frame warm-up costs about 27 % extra filtering at 48 kHz. */
  public static final int SUBS_PER_CHUNK = 8;
  static final int BLOCK = 128;

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

  private final CudaContext ctx;
  private final CudaModule module;
  private final int subsPerChunk;

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
    if (subsPerChunk < 1) throw new IllegalArgumentException("subsPerChunk must be positive: " + subsPerChunk);
    this.ctx = ctx;
    this.subsPerChunk = subsPerChunk;
    CudaRuntime rt = ctx.runtime();
    KernelCache cache = new KernelCache(cacheDir, new NvrtcCompiler(rt));
    byte[] image = cache.image("loudness.cu", KernelCache.source("loudness.cu"), KernelCache.Target.of(rt), NvrtcCompiler.options(rt));
    this.module = CudaModule.load(ctx, image);
  }

  /** A batch on the device: samples and the descriptor arrays; results are read with {@link #results}. */
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

    Batch(List<Input> inputs) {
      this.inputs = List.copyOf(inputs);
      Map<Integer, Integer> rateIndex = new LinkedHashMap<>();
      List<double[]> coefs = new ArrayList<>();
      int nTracks = 0;
      long nSamples = 0;
      for (Input in : inputs) {
        nTracks += in.channels().length;
        nSamples += in.frames() * in.channels().length;
      }
      tracks = nTracks;
      samples = nSamples;
      long[] off = new long[tracks], len = new long[tracks];
      int[] rt = new int[tracks], sb = new int[tracks], wu = new int[tracks];
      trackRecording = new int[tracks];
      energyBase = new long[tracks];
      trackSub = sb;
      List<int[]> chunkList = new ArrayList<>();
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
        for (int c = 0; c < in.channels().length; c++, t++) {
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
      }
      energyCount = Math.max(1, eb);
      chunks = chunkList.size();
      chunkTrackHost = new int[chunks];
      int[] chunkIdx = new int[chunks];
      for (int i = 0; i < chunks; i++) {
        chunkTrackHost[i] = chunkList.get(i)[0];
        chunkIdx[i] = chunkList.get(i)[1];
      }
      double[] coefFlat = new double[7 * coefs.size()];
      for (int i = 0; i < coefs.size(); i++) System.arraycopy(coefs.get(i), 0, coefFlat, 7 * i, 7);
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
          offset = upload(a, off);
          frames = upload(a, len);
          rate = upload(a, rt);
          coef = uploadD(a, coefFlat);
          sub = upload(a, sb);
          warm = upload(a, wu);
          eBase = upload(a, energyBase);
          chunkTrack = upload(a, chunkTrackHost);
          chunkIndex = upload(a, chunkIdx);
        }
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

  /** Launches the fused pass on {@code stream}; returns at once. */
  public void run(Batch b, boolean peaks, CudaStream stream) {
    if (b.chunks == 0) return;
    int grid = (b.chunks + BLOCK - 1) / BLOCK;
    module.launch("loudness_chunks", grid, BLOCK, 0, stream, b.x, b.offset, b.frames, b.rate, b.coef, b.sub, b.warm,
        b.eBase, b.chunkTrack, b.chunkIndex, b.chunks, subsPerChunk, peaks ? 1 : 0, b.energies, b.sp, b.tp, b.bad);
  }

  /** Copies the results back (after the stream has finished) and reduces them per recording. */
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
