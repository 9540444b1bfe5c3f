package io.themachine.audio.internal.cuda;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Log-mel (and MFCC) for a batch of mono clips resident on the device: {@code mel_frames} (framing,
 * padding, window), a batched cuFFT R2C, {@code mel_bands} (power, sparse mel, log), and for
 * {@code power_to_db} with top_db {@code mel_clip_max} + {@code mel_top_db}; MFCC adds
 * {@code mfcc_dct}. Frames go through in passes of at most {@code maxFramesPerPass}, which bounds the
 * scratch memory (two {@code frames x nFft} float buffers) whatever the batch size.
 */
public final class CudaMel implements AutoCloseable {
  static final int BLOCK = 256;

  private final CudaContext ctx;
  private final CudaModule module;
  private final MelParams p;
  private final int passFrames;
  private final CufftPlan plan;
  private final DeviceBuffer frameBuf, spectrum, window, bandStart, bandLen, bandBase, weights;

  public CudaMel(CudaContext ctx, Path cacheDir, MelParams p, int maxFramesPerPass) {
    this.ctx = ctx;
    this.p = p;
    this.passFrames = Math.max(1, maxFramesPerPass);
    CudaRuntime rt = ctx.runtime();
    rt.requireCufft();
    KernelCache cache = new KernelCache(cacheDir, new NvrtcCompiler(rt));
    byte[] image = cache.image("melspec.cu", KernelCache.source("melspec.cu"), KernelCache.Target.of(rt), NvrtcCompiler.options(rt));
    List<AutoCloseable> made = new ArrayList<>();
    try {
      module = track(made, CudaModule.load(ctx, image));
      plan = track(made, CufftPlan.r2c(ctx, p.nFft(), passFrames, p.nFft()));
      frameBuf = track(made, DeviceBuffer.allocate(ctx, 4L * passFrames * p.nFft()));
      spectrum = track(made, DeviceBuffer.allocate(ctx, 8L * passFrames * p.bins()));
      SparseBands sb = SparseBands.of(p.filterBank(), p.nMels(), p.bins());
      try (Arena a = Arena.ofConfined()) {
        window = track(made, up(a.allocateFrom(JAVA_FLOAT, p.window())));
        bandStart = track(made, up(a.allocateFrom(JAVA_INT, sb.start())));
        bandLen = track(made, up(a.allocateFrom(JAVA_INT, sb.length())));
        bandBase = track(made, up(a.allocateFrom(JAVA_INT, sb.weightBase())));
        weights = track(made, up(a.allocateFrom(JAVA_FLOAT, sb.weights())));
      }
    } catch (RuntimeException e) {
      for (int i = made.size() - 1; i >= 0; i--) {
        try {
          made.get(i).close();
        } catch (Exception ignored) {
          // the first failure is the one to report
        }
      }
      throw e;
    }
  }

  private static <T extends AutoCloseable> T track(List<AutoCloseable> l, T t) {
    l.add(t);
    return t;
  }

  private DeviceBuffer up(MemorySegment s) {
    DeviceBuffer b = DeviceBuffer.allocate(ctx, Math.max(1, s.byteSize()));
    try {
      b.copyFrom(s, 0);
    } catch (RuntimeException e) {
      b.close();
      throw e;
    }
    return b;
  }

  /** A batch of clips on the device with its output buffer. */
  public final class Batch implements AutoCloseable {
    final int clips;
    final int totalFrames;
    final long samples;
    final int[] clipFrames;
    final long[] clipOutBase;
    final long[] clipLength;
    final List<DeviceBuffer> owned = new ArrayList<>();
    final DeviceBuffer x, offset, length, frameBase, frameClip, framesPerClip, outBase, values, out;

    Batch(List<float[]> input) {
      clips = input.size();
      long[] off = new long[clips];
      clipLength = new long[clips];
      int[] fb = new int[clips];
      clipFrames = new int[clips];
      clipOutBase = new long[clips];
      long s = 0, ob = 0;
      int f = 0;
      for (int c = 0; c < clips; c++) {
        float[] v = input.get(c);
        if (p.reflect() && p.center() && v.length <= p.nFft() / 2) {
          throw new IllegalArgumentException("reflect padding needs clips longer than n_fft / 2 samples (clip " + c + ")");
        }
        off[c] = s;
        clipLength[c] = v.length;
        fb[c] = f;
        clipFrames[c] = p.frames(v.length);
        clipOutBase[c] = ob;
        s += v.length;
        f += clipFrames[c];
        ob += (long) clipFrames[c] * p.nMels();
      }
      samples = s;
      totalFrames = f;
      int[] fc = new int[Math.max(1, f)];
      for (int c = 0; c < clips; c++) for (int t = 0; t < clipFrames[c]; t++) fc[fb[c] + t] = c;
      long[] nValues = new long[clips];
      for (int c = 0; c < clips; c++) nValues[c] = (long) clipFrames[c] * p.nMels();
      try (Arena a = Arena.ofConfined()) {
        x = own(DeviceBuffer.allocate(ctx, Math.max(4, 4 * s)));
        long at = 0;
        for (float[] v : input) {
          if (v.length > 0) x.copyFrom(a.allocateFrom(JAVA_FLOAT, v), at);
          at += 4L * v.length;
        }
        offset = own(up(a.allocateFrom(JAVA_LONG, off)));
        length = own(up(a.allocateFrom(JAVA_LONG, clipLength)));
        frameBase = own(up(a.allocateFrom(JAVA_INT, fb)));
        frameClip = own(up(a.allocateFrom(JAVA_INT, fc)));
        framesPerClip = own(up(a.allocateFrom(JAVA_INT, clipFrames)));
        outBase = own(up(a.allocateFrom(JAVA_LONG, clipOutBase)));
        values = own(up(a.allocateFrom(JAVA_LONG, nValues)));
        out = own(DeviceBuffer.allocate(ctx, Math.max(4, 4 * ob)));
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    private DeviceBuffer own(DeviceBuffer b) {
      owned.add(b);
      return b;
    }

    public int frames() {
      return totalFrames;
    }

    /** Input bytes (float samples). */
    public long inputBytes() {
      return 4 * samples;
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
  }

  public Batch upload(List<float[]> clips) {
    return new Batch(clips);
  }

  /** Log-mel for the whole batch on {@code stream}; returns at once. */
  public void run(Batch b, CudaStream stream) {
    run(b, stream, false);
  }

  /** Only framing + cuFFT for the batch: the baseline the mel path is compared with. */
  public void runFftOnly(Batch b, CudaStream stream) {
    run(b, stream, true);
  }

  private void run(Batch b, CudaStream stream, boolean fftOnly) {
    plan.setStream(stream);
    float refDb = (float) (10.0 * Math.log10(Math.max(p.amin(), p.ref())));
    for (int f0 = 0; f0 < b.totalFrames; f0 += passFrames) {
      int n = Math.min(passFrames, b.totalFrames - f0);
      module.launch("mel_frames", n, BLOCK, 0, stream, b.x, b.offset, b.length, b.frameBase, b.frameClip, window,
          p.nFft(), p.hop(), p.center() ? 1 : 0, p.reflect() ? 1 : 0, f0, frameBuf);
      // The plan is sized for a full pass; a short last pass transforms stale frames too, unread.
      plan.execR2C(frameBuf.address(), spectrum.address());
      if (fftOnly) continue;
      module.launch("mel_bands", n, BLOCK, 4 * p.bins(), stream, spectrum, p.bins(), (float) p.power(), bandStart, bandLen,
          bandBase, weights, p.nMels(), b.frameClip, b.frameBase, b.framesPerClip, b.outBase, p.mode(), p.amin(), refDb,
          p.offset(), f0, b.out);
    }
    if (!fftOnly && p.log() == MelParams.Log.DB && !Float.isNaN(p.topDb()) && b.clips > 0) {
      try (DeviceBuffer max = DeviceBuffer.allocate(ctx, 4L * b.clips); Arena a = Arena.ofConfined()) {
        int[] init = new int[b.clips];
        java.util.Arrays.fill(init, 0x807fffff); // ordered encoding of -inf
        max.copyFrom(a.allocateFrom(JAVA_INT, init), 0);
        module.launch("mel_clip_max", 64, b.clips, BLOCK, 0, stream, b.out, b.outBase, b.values, max);
        module.launch("mel_top_db", 64, b.clips, BLOCK, 0, stream, b.out, b.outBase, b.values, max, p.topDb());
        stream.synchronize(); // before the scratch buffer is freed
      }
    }
  }

  /**
   * MFCC (orthonormal DCT-II of the log-mel, first {@code nMfcc}, then librosa's lifter
   * {@code 1 + (L/2) sin(pi (k+1) / L)} when {@code lifter > 0}, folded into the DCT rows) after
   * {@link #run}; per clip {@code nMfcc x frames}.
   */
  public List<float[]> mfcc(Batch b, int nMfcc, double lifter, CudaStream stream) {
    double[] d = dctOrtho(nMfcc, p.nMels());
    if (lifter > 0) {
      for (int k = 0; k < nMfcc; k++) {
        double g = 1 + (lifter / 2) * Math.sin(Math.PI * (k + 1) / lifter);
        for (int m = 0; m < p.nMels(); m++) d[k * p.nMels() + m] *= g;
      }
    }
    long total = 0;
    long[] base = new long[b.clips];
    for (int c = 0; c < b.clips; c++) {
      base[c] = total;
      total += (long) b.clipFrames[c] * nMfcc;
    }
    try (Arena a = Arena.ofConfined(); DeviceBuffer dct = up(a.allocateFrom(JAVA_DOUBLE, d));
        DeviceBuffer ob = up(a.allocateFrom(JAVA_LONG, base)); DeviceBuffer out = DeviceBuffer.allocate(ctx, Math.max(4, 4 * total))) {
      if (b.totalFrames > 0) {
        module.launch("mfcc_dct", b.totalFrames, 32, 0, stream, b.out, dct, p.nMels(), nMfcc, b.frameClip, b.frameBase,
            b.framesPerClip, b.outBase, ob, out);
      }
      stream.synchronize();
      MemorySegment host = a.allocate(JAVA_FLOAT, Math.max(1, total));
      out.copyTo(0, host.asSlice(0, 4 * Math.max(1, total)));
      List<float[]> res = new ArrayList<>(b.clips);
      for (int c = 0; c < b.clips; c++) {
        float[] v = new float[b.clipFrames[c] * nMfcc];
        MemorySegment.copy(host, JAVA_FLOAT, 4 * base[c], v, 0, v.length);
        res.add(v);
      }
      return res;
    }
  }

  /** librosa / scipy {@code dct(type=2, norm="ortho")} as a {@code nMfcc x nMels} matrix, in double. */
  public static double[] dctOrtho(int nMfcc, int nMels) {
    double[] d = new double[nMfcc * nMels];
    for (int k = 0; k < nMfcc; k++) {
      double s = k == 0 ? Math.sqrt(1.0 / nMels) : Math.sqrt(2.0 / nMels);
      for (int m = 0; m < nMels; m++) d[k * nMels + m] = s * Math.cos(Math.PI * k * (2 * m + 1) / (2.0 * nMels));
    }
    return d;
  }

  /** Copies the batch's output back (after the stream finished); per clip {@code nMels x frames}, row-major. */
  public List<float[]> results(Batch b) {
    List<float[]> res = new ArrayList<>(b.clips);
    try (Arena a = Arena.ofConfined()) {
      long total = 0;
      for (int c = 0; c < b.clips; c++) total += (long) b.clipFrames[c] * p.nMels();
      MemorySegment host = a.allocate(JAVA_FLOAT, Math.max(1, total));
      if (total > 0) b.out.copyTo(0, host.asSlice(0, 4 * total));
      for (int c = 0; c < b.clips; c++) {
        float[] v = new float[b.clipFrames[c] * p.nMels()];
        MemorySegment.copy(host, JAVA_FLOAT, 4 * b.clipOutBase[c], v, 0, v.length);
        res.add(v);
      }
    }
    return res;
  }

  public MelParams params() {
    return p;
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (AutoCloseable c : new AutoCloseable[] {weights, bandBase, bandLen, bandStart, window, spectrum, frameBuf, plan, module}) {
      try {
        c.close();
      } catch (RuntimeException e) {
        if (first == null) first = e; // keep closing the rest
      } catch (Exception e) {
        if (first == null) first = new IllegalStateException(e);
      }
    }
    if (first != null) throw first;
  }
}
