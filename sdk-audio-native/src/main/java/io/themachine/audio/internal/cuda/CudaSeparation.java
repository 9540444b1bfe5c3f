package io.themachine.audio.internal.cuda;

import io.themachine.audio.Backend;
import io.themachine.audio.dsp.FeatureMatrix;
import io.themachine.audio.dsp.Spectrogram;
import io.themachine.audio.separation.SeparationKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link SeparationKernel} on CUDA ({@code separation.cu} through {@link CudaSession}): each call
 * uploads its matrices, runs on the shared stream and downloads the result, so it suits whole
 * spectrograms, not single frames; the device-resident HPSS path is {@link CudaHpss}. Arithmetic
 * follows the contract: medians exact (the window's own values); masks in double from float
 * inputs; REPET-SIM similarities summed in float by a tiled matrix product; NMF products summed
 * in float (denominators floored at the smallest normal float). Loaded by class name from
 * {@code Backend.CUDA.separation()}. Calls are serialised by the session.
 */
public final class CudaSeparation implements SeparationKernel {
  /** Similarity rows per pass: bounds the {@code rows x frames} scratch at 64 M floats (256 MiB). */
  static final long SIMILARITY_SCRATCH = 64L << 20;

  private static SeparationKernels kernels;

  public CudaSeparation() {}

  @Override
  public Backend backend() {
    return Backend.CUDA;
  }

  private static synchronized SeparationKernels kernels(CudaSession s) {
    if (kernels == null) kernels = SeparationKernels.load(s.context(), s.cacheDir());
    return kernels;
  }

  private interface Work {
    void run(SeparationKernels k, CudaStream stream, List<DeviceBuffer> owned);
  }

  /** Runs {@code work} in the session; frees every buffer it registered, after the stream finished. */
  private static void session(Work work) {
    CudaSession.with(s -> {
      SeparationKernels k = kernels(s);
      List<DeviceBuffer> owned = new ArrayList<>();
      try {
        work.run(k, s.stream(), owned);
        s.stream().synchronize();
      } finally {
        RuntimeException first = null;
        for (DeviceBuffer b : owned) {
          try {
            b.close();
          } catch (RuntimeException e) {
            if (first == null) first = e;
          }
        }
        if (first != null) throw first;
      }
      return null;
    });
  }

  private static DeviceBuffer own(List<DeviceBuffer> owned, DeviceBuffer b) {
    owned.add(b);
    return b;
  }

  private static DeviceBuffer up(SeparationKernels k, List<DeviceBuffer> owned, float[] a) {
    return own(owned, k.upload(a));
  }

  private static DeviceBuffer scratch(SeparationKernels k, List<DeviceBuffer> owned, long floats) {
    return own(owned, DeviceBuffer.allocate(k.context(), Math.max(4, 4 * floats)));
  }

  /**
   * Uploads are synchronous copies on the legacy stream; the shared stream is non-blocking, so
   * wait for them before the first launch.
   */
  private static void uploaded(SeparationKernels k) {
    k.context().synchronize();
  }

  private static void sameShape(String call, FeatureMatrix a, FeatureMatrix b) {
    if (a.rows() != b.rows() || a.frames() != b.frames()) {
      throw new IllegalArgumentException(call + ": " + a + " and " + b + " differ in shape");
    }
  }

  private static void distinct(String call, FeatureMatrix in, FeatureMatrix out) {
    if (in.data() == out.data()) throw new IllegalArgumentException(call + ": the output aliases an input");
  }

  @Override
  public void medianFilter(FeatureMatrix in, Axis axis, int width, FeatureMatrix out) {
    Objects.requireNonNull(axis, "axis");
    sameShape("medianFilter", in, out);
    distinct("medianFilter", in, out);
    if (width < 1) throw new IllegalArgumentException("medianFilter: width must be positive: " + width);
    if (in.data().length == 0) return;
    session((k, s, owned) -> {
      DeviceBuffer x = up(k, owned, in.data());
      DeviceBuffer y = scratch(k, owned, in.data().length);
      uploaded(k);
      if (axis == Axis.TIME) k.medianContiguous(x.address(), in.rows(), in.frames(), width, y.address(), s);
      else k.medianStrided(x.address(), 1, in.rows(), in.frames(), width, y.address(), s);
      s.synchronize();
      SeparationKernels.download(y, 0, out.data());
    });
  }

  @Override
  public void softMask(FeatureMatrix x, FeatureMatrix ref, float refScale, double power, boolean splitZeros, FeatureMatrix out) {
    sameShape("softMask", x, ref);
    sameShape("softMask", x, out);
    distinct("softMask", x, out);
    distinct("softMask", ref, out);
    if (!(power > 0)) throw new IllegalArgumentException("softMask: power must be positive: " + power);
    if (x.data().length == 0) return;
    session((k, s, owned) -> {
      DeviceBuffer dx = up(k, owned, x.data());
      DeviceBuffer dr = up(k, owned, ref.data());
      DeviceBuffer dm = scratch(k, owned, x.data().length);
      uploaded(k);
      k.softMask(dx.address(), dr.address(), refScale, power, splitZeros, x.data().length, dm.address(), s);
      s.synchronize();
      SeparationKernels.download(dm, 0, out.data());
    });
  }

  @Override
  public void ratioMasks(FeatureMatrix[] estimates, double power, FeatureMatrix[] masks) {
    if (estimates.length == 0 || estimates.length != masks.length) {
      throw new IllegalArgumentException("ratioMasks: " + estimates.length + " estimates, " + masks.length + " masks");
    }
    if (!(power > 0)) throw new IllegalArgumentException("ratioMasks: power must be positive: " + power);
    for (int i = 0; i < estimates.length; i++) {
      sameShape("ratioMasks", estimates[0], estimates[i]);
      sameShape("ratioMasks", estimates[0], masks[i]);
      for (FeatureMatrix e : estimates) distinct("ratioMasks", e, masks[i]);
    }
    int n = estimates.length;
    int cells = estimates[0].data().length;
    if (cells == 0) return;
    float[] packed = new float[Math.multiplyExact(n, cells)];
    for (int i = 0; i < n; i++) System.arraycopy(estimates[i].data(), 0, packed, i * cells, cells);
    session((k, s, owned) -> {
      DeviceBuffer e = up(k, owned, packed);
      DeviceBuffer m = scratch(k, owned, packed.length);
      uploaded(k);
      k.ratioMasks(e.address(), n, cells, power, m.address(), s);
      s.synchronize();
      for (int i = 0; i < n; i++) SeparationKernels.download(m, (long) i * cells, masks[i].data());
    });
  }

  @Override
  public void similarityMedian(FeatureMatrix in, int k, int minDistance, int maxDistance, FeatureMatrix out) {
    similarityMedian(in, k, minDistance, maxDistance, out, (int) Math.max(1, Math.min(in.frames(), SIMILARITY_SCRATCH / Math.max(1, in.frames()))));
  }

  /**
   * The model for frames {@code [from, to)} only (candidates from all of {@code in}); the other
   * columns of {@code out} are left as they were. The contract's frame-range form (sep-cpu adds it
   * to {@code SeparationKernel} with a default; this overrides it there).
   */
  public void similarityMedian(FeatureMatrix in, int k, int minDistance, int maxDistance, int from, int to, FeatureMatrix out) {
    Objects.checkFromToIndex(from, to, in.frames());
    int pass = (int) Math.max(1, Math.min(in.frames(), SIMILARITY_SCRATCH / Math.max(1, in.frames())));
    similarityMedian(in, k, minDistance, maxDistance, from, to, out, pass);
  }

  /** With {@code pass} similarity rows per pass (tests force several passes). */
  void similarityMedian(FeatureMatrix in, int k, int minDistance, int maxDistance, FeatureMatrix out, int pass) {
    similarityMedian(in, k, minDistance, maxDistance, 0, in.frames(), out, pass);
  }

  private void similarityMedian(FeatureMatrix in, int k, int minDistance, int maxDistance, int from, int to, FeatureMatrix out, int pass) {
    sameShape("similarityMedian", in, out);
    distinct("similarityMedian", in, out);
    if (k < 0 || minDistance < 0) throw new IllegalArgumentException("similarityMedian: k and minDistance must be >= 0");
    int bins = in.rows(), frames = in.frames();
    if (bins == 0 || frames == 0 || from == to) return;
    session((kk, s, owned) -> {
      DeviceBuffer x = up(kk, owned, in.data());
      DeviceBuffer xt = scratch(kk, owned, (long) bins * frames);
      DeviceBuffer inv = scratch(kk, owned, frames);
      DeviceBuffer sim = scratch(kk, owned, (long) pass * frames);
      DeviceBuffer sel = scratch(kk, owned, (long) pass * frames);
      DeviceBuffer y = scratch(kk, owned, (long) bins * frames);
      uploaded(kk);
      kk.columnInvNorms(x.address(), bins, frames, inv.address(), s);
      kk.transpose(x.address(), bins, frames, xt.address(), s);
      for (int t0 = from; t0 < to; t0 += pass) {
        int rows = Math.min(pass, to - t0);
        // sim[r][j] = <x[:, t0 + r], x[:, j]>: Xt rows t0.. times Xt transposed.
        kk.gemm(rows, frames, bins, xt.address() + 4L * t0 * bins, bins, false, xt.address(), bins, true, sim.address(), frames, s);
        kk.repetSelectMedian(sim.address(), inv.address(), xt.address(), t0, rows, frames, bins, k, minDistance, maxDistance,
            sel.address(), y.address(), s);
      }
      s.synchronize();
      if (from == 0 && to == frames) {
        SeparationKernels.download(y, 0, out.data());
      } else {
        float[] all = new float[bins * frames];
        SeparationKernels.download(y, 0, all);
        for (int b = 0; b < bins; b++) System.arraycopy(all, b * frames + from, out.data(), b * frames + from, to - from);
      }
    });
  }

  @Override
  public void nmf(FeatureMatrix v, FeatureMatrix w, FeatureMatrix h, int iterations, NmfLoss loss) {
    Objects.requireNonNull(loss, "loss");
    int bins = v.rows(), frames = v.frames(), rank = w.frames();
    if (w.rows() != bins || h.rows() != rank || h.frames() != frames) {
      throw new IllegalArgumentException("nmf: v " + v + ", w " + w + ", h " + h + " do not fit v ~ w h");
    }
    if (iterations < 0) throw new IllegalArgumentException("nmf: iterations must be >= 0: " + iterations);
    if (iterations == 0 || bins == 0 || frames == 0 || rank == 0) return;
    session((k, s, owned) -> {
      DeviceBuffer dv = up(k, owned, v.data());
      DeviceBuffer dw = up(k, owned, w.data());
      DeviceBuffer dh = up(k, owned, h.data());
      long big = Math.max((long) bins, rank) * Math.max((long) frames, rank);
      DeviceBuffer num = scratch(k, owned, big);
      DeviceBuffer den = scratch(k, owned, big);
      DeviceBuffer small = scratch(k, owned, (long) rank * rank);
      DeviceBuffer sums = scratch(k, owned, rank);
      DeviceBuffer wh = loss == NmfLoss.KULLBACK_LEIBLER ? scratch(k, owned, (long) bins * frames) : null;
      DeviceBuffer q = loss == NmfLoss.KULLBACK_LEIBLER ? scratch(k, owned, (long) bins * frames) : null;
      uploaded(k);
      long V = dv.address(), W = dw.address(), H = dh.address();
      long nh = (long) rank * frames, nw = (long) bins * rank, nv = (long) bins * frames;
      for (int it = 0; it < iterations; it++) {
        if (loss == NmfLoss.EUCLIDEAN) {
          // H <- H (W^T V) / (W^T W H)
          k.gemm(rank, frames, bins, W, rank, true, V, frames, false, num.address(), frames, s);
          k.gemm(rank, rank, bins, W, rank, true, W, rank, false, small.address(), rank, s);
          k.gemm(rank, frames, rank, small.address(), rank, false, H, frames, false, den.address(), frames, s);
          k.mulUpdate(H, num.address(), den.address(), nh, s);
          // W <- W (V H^T) / (W H H^T)
          k.gemm(bins, rank, frames, V, frames, false, H, frames, true, num.address(), rank, s);
          k.gemm(rank, rank, frames, H, frames, false, H, frames, true, small.address(), rank, s);
          k.gemm(bins, rank, rank, W, rank, false, small.address(), rank, false, den.address(), rank, s);
          k.mulUpdate(W, num.address(), den.address(), nw, s);
        } else {
          // H <- H (W^T (V / WH)) / (W^T 1)
          k.gemm(bins, frames, rank, W, rank, false, H, frames, false, wh.address(), frames, s);
          k.klRatio(V, wh.address(), nv, q.address(), s);
          k.gemm(rank, frames, bins, W, rank, true, q.address(), frames, false, num.address(), frames, s);
          k.sumLines(W, rank, bins, 1, rank, sums.address(), s);
          k.klUpdateRows(H, num.address(), sums.address(), rank, frames, s);
          // W <- W ((V / WH) H^T) / (1 H^T), WH with the new H
          k.gemm(bins, frames, rank, W, rank, false, H, frames, false, wh.address(), frames, s);
          k.klRatio(V, wh.address(), nv, q.address(), s);
          k.gemm(bins, rank, frames, q.address(), frames, false, H, frames, true, num.address(), rank, s);
          k.sumLines(H, rank, frames, frames, 1, sums.address(), s);
          k.klUpdateCols(W, num.address(), sums.address(), bins, rank, s);
        }
      }
      s.synchronize();
      SeparationKernels.download(dw, 0, w.data());
      SeparationKernels.download(dh, 0, h.data());
    });
  }

  @Override
  public void stereoSimilarity(Spectrogram left, Spectrogram right, FeatureMatrix out) {
    if (left.bins() != right.bins() || left.frames() != right.frames() || out.rows() != left.bins() || out.frames() != left.frames()) {
      throw new IllegalArgumentException("stereoSimilarity: " + left + ", " + right + " and " + out + " differ in shape");
    }
    int n = out.data().length;
    if (n == 0) return;
    session((k, s, owned) -> {
      DeviceBuffer a = up(k, owned, left.re());
      DeviceBuffer b = up(k, owned, left.im());
      DeviceBuffer c = up(k, owned, right.re());
      DeviceBuffer d = up(k, owned, right.im());
      DeviceBuffer y = scratch(k, owned, n);
      uploaded(k);
      k.stereoSimilarity(a.address(), b.address(), c.address(), d.address(), n, y.address(), s);
      s.synchronize();
      SeparationKernels.download(y, 0, out.data());
    });
  }

  @Override
  public String toString() {
    return "CudaSeparation";
  }
}
