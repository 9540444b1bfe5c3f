package io.themachine.audio.internal.cuda;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * {@code separation.cu} loaded into one context, with the launch shapes of its kernels in one place
 * (used by {@link CudaSeparation} and {@link CudaHpss}). Arguments are device addresses
 * ({@code long}); every launch is asynchronous on the given stream. Block size 256 throughout.
 */
public final class SeparationKernels implements AutoCloseable {
  static final int BLOCK = 256;
  /** Grid cap for grid-stride kernels: enough blocks to fill any current GPU several times over. */
  static final int MAX_GRID = 8192;
  static final int MAX_GRID_Y = 65535;
  /** Widths up to this select in registers; above, the radix path. */
  static final int REGISTER_WIDTH = 64;

  private final CudaContext ctx;
  private final CudaModule module;

  private SeparationKernels(CudaContext ctx, CudaModule module) {
    this.ctx = ctx;
    this.module = module;
  }

  /** Compiles (or takes from the cache) and loads {@code separation.cu} for the context's device. */
  public static SeparationKernels load(CudaContext ctx, Path cacheDir) {
    CudaRuntime rt = ctx.runtime();
    KernelCache cache = new KernelCache(cacheDir, new NvrtcCompiler(rt));
    byte[] image = cache.image("separation.cu", KernelCache.source("separation.cu"), KernelCache.Target.of(rt),
        NvrtcCompiler.options(rt));
    return new SeparationKernels(ctx, CudaModule.load(ctx, image));
  }

  CudaContext context() {
    return ctx;
  }

  static int grid(long n) {
    return (int) Math.max(1, Math.min(MAX_GRID, (n + BLOCK - 1) / BLOCK));
  }

  /** Median along the contiguous axis of {@code lines} lines of {@code len} values. */
  void medianContiguous(long in, long lines, int len, int width, long out, CudaStream s) {
    if (lines == 0 || len == 0) return;
    if (width <= REGISTER_WIDTH) {
      int gx = (len + BLOCK - 1) / BLOCK;
      int gy = (int) Math.min(lines, MAX_GRID_Y);
      module.launch(width <= 32 ? "median_rows32" : "median_rows64", gx, gy, BLOCK, 4 * (BLOCK + width - 1), s, in, lines, len,
          width, out);
    } else {
      module.launch("median_rows_any", grid(lines * len), BLOCK, 0, s, in, lines, len, width, out);
    }
  }

  /** Median along the strided axis (rows) of {@code count} row-major {@code rows x cols} matrices. */
  void medianStrided(long in, int count, int rows, int cols, int width, long out, CudaStream s) {
    if (count == 0 || rows == 0 || cols == 0) return;
    if (width <= REGISTER_WIDTH) {
      int gx = (cols + 31) / 32;
      long tiles = (long) count * ((rows + 31) / 32);
      int gy = (int) Math.min(tiles, MAX_GRID_Y);
      module.launch(width <= 32 ? "median_cols32" : "median_cols64", gx, gy, BLOCK, 4 * 32 * (32 + width - 1), s, in, count, rows,
          cols, width, out);
    } else {
      module.launch("median_cols_any", grid((long) count * rows * cols), BLOCK, 0, s, in, count, rows, cols, width, out);
    }
  }

  void softMask(long x, long ref, float refScale, double power, boolean splitZeros, long n, long out, CudaStream s) {
    module.launch("soft_mask", grid(n), BLOCK, 0, s, x, ref, refScale, power, Double.isInfinite(power) ? 1 : 0, splitZeros ? 1 : 0,
        n, out);
  }

  void ratioMasks(long estimates, int count, long cells, double power, long masks, CudaStream s) {
    module.launch("ratio_masks", grid(cells), BLOCK, 0, s, estimates, count, cells, power, masks);
  }

  void stereoSimilarity(long lre, long lim, long rre, long rim, long n, long out, CudaStream s) {
    module.launch("stereo_similarity", grid(n), BLOCK, 0, s, lre, lim, rre, rim, n, out);
  }

  /**
   * {@code C = op(A) op(B)} ({@code M x N}, row-major, {@code ldc}); {@code ta}: A is stored
   * {@code K x M}; {@code tb}: B is stored {@code N x K}.
   */
  void gemm(int m, int n, int k, long a, int lda, boolean ta, long b, int ldb, boolean tb, long c, int ldc, CudaStream s) {
    if (m == 0 || n == 0) return;
    int gy = (m + 63) / 64;
    if (gy > MAX_GRID_Y) throw new IllegalArgumentException("gemm_tiled: " + m + " rows exceed one launch");
    module.launch("gemm_tiled", (n + 63) / 64, gy, BLOCK, 0, s, m, n, k, a, lda, ta ? 1 : 0, b, ldb, tb ? 1 : 0, c, ldc);
  }

  void mulUpdate(long x, long num, long den, long n, CudaStream s) {
    module.launch("nmf_mul_update", grid(n), BLOCK, 0, s, x, num, den, n);
  }

  void klRatio(long v, long wh, long n, long q, CudaStream s) {
    module.launch("nmf_kl_ratio", grid(n), BLOCK, 0, s, v, wh, n, q);
  }

  void klUpdateRows(long h, long num, long sums, int rank, int frames, CudaStream s) {
    module.launch("nmf_kl_update_rows", grid((long) rank * frames), BLOCK, 0, s, h, num, sums, rank, frames);
  }

  void klUpdateCols(long w, long num, long sums, int bins, int rank, CudaStream s) {
    module.launch("nmf_kl_update_cols", grid((long) bins * rank), BLOCK, 0, s, w, num, sums, bins, rank);
  }

  void sumLines(long x, int lines, int len, long lineStride, long elemStride, long out, CudaStream s) {
    module.launch("sum_lines", Math.min(lines, MAX_GRID), BLOCK, 0, s, x, lines, len, lineStride, elemStride, out);
  }

  void columnInvNorms(long x, int bins, int frames, long inv, CudaStream s) {
    module.launch("column_inv_norms", grid(frames), BLOCK, 0, s, x, bins, frames, inv);
  }

  void transpose(long in, int rows, int cols, long out, CudaStream s) {
    int gy = (rows + 31) / 32;
    if (gy > MAX_GRID_Y) throw new IllegalArgumentException("transpose_tiled: " + rows + " rows exceed one launch");
    module.launch("transpose_tiled", (cols + 31) / 32, gy, BLOCK, 0, s, in, rows, cols, out);
  }

  void repetSelectMedian(long sim, long inv, long xt, int t0, int rowsInPass, int frames, int bins, int k, int minDistance,
      int maxDistance, long sel, long out, CudaStream s) {
    module.launch("repet_select_median", rowsInPass, BLOCK, 4 * (2 * BLOCK + 258), s, sim, inv, xt, t0, frames, bins, k, minDistance,
        maxDistance, sel, out);
  }

  void hpssFrames(long pcm, long n, int channels, long window, int nFft, int hop, int frames, boolean center, boolean reflect, long out,
      CudaStream s) {
    module.launch("hpss_frames", Math.min(frames, MAX_GRID_Y), channels, BLOCK, 0, s, pcm, n, channels, window, nFft, hop, frames,
        center ? 1 : 0, reflect ? 1 : 0, out);
  }

  void magnitude(long spectrum, long cells, long mag, CudaStream s) {
    module.launch("hpss_magnitude", grid(cells), BLOCK, 0, s, spectrum, cells, mag);
  }

  void hpssApply(long spectrum, long harm, long perc, long cells, float marginH, float marginP, double power, long harmonicSpectrum,
      CudaStream s) {
    boolean split = marginH == 1f && marginP == 1f; // librosa.decompose.hpss: split_zeros = (margins both 1)
    module.launch("hpss_apply", grid(cells), BLOCK, 0, s, spectrum, harm, perc, cells, marginH, marginP, power,
        Double.isInfinite(power) ? 1 : 0, split ? 1 : 0, harmonicSpectrum);
  }

  void overlapAdd(long frames, long window, int nFft, int hop, int nFrames, int channels, long n, boolean center, long out,
      CudaStream s) {
    module.launch("hpss_overlap_add", grid(n * channels), BLOCK, 0, s, frames, window, nFft, hop, nFrames, channels, n,
        center ? 1 : 0, 1.0f / nFft, out);
  }

  void residual(long pcm, long harmonic, long percussive, long n, long out, CudaStream s) {
    module.launch("hpss_residual", grid(n), BLOCK, 0, s, pcm, harmonic, percussive, n, out);
  }

  /** A device copy of {@code a} (at least 4 bytes, so empty arrays allocate too). */
  DeviceBuffer upload(float[] a) {
    DeviceBuffer b = DeviceBuffer.allocate(ctx, Math.max(4, 4L * a.length));
    try (Arena arena = Arena.ofConfined()) {
      if (a.length > 0) b.copyFrom(arena.allocateFrom(JAVA_FLOAT, a), 0);
    } catch (RuntimeException e) {
      b.close();
      throw e;
    }
    return b;
  }

  /** Copies {@code dst.length} floats from {@code src} at {@code offsetFloats}; the caller synchronised the stream. */
  static void download(DeviceBuffer src, long offsetFloats, float[] dst) {
    if (dst.length == 0) return;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment host = arena.allocate(JAVA_FLOAT, dst.length);
      src.copyTo(4 * offsetFloats, host);
      MemorySegment.copy(host, JAVA_FLOAT, 0, dst, 0, dst.length);
    }
  }

  @Override
  public void close() {
    module.close();
  }
}
