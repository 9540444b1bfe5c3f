// Source separation primitives (SeparationKernel on CUDA) and a device-resident HPSS pipeline.
//
//   median_rows32/64/any  scipy.ndimage.median_filter along the contiguous axis of `lines` lines
//   median_cols32/64/any  ... along the strided axis of `count` row-major rows x cols matrices
//       mode='reflect' (half-sample symmetric, periodic with 2n so windows longer than the axis
//       repeat it: d c b a | a b c d | d c b a | a b ...), origin 0: the window of i covers
//       i - w/2 .. i - w/2 + w - 1 and the result is the rank w/2 value (the upper median for even
//       w). Widths <= 32 / <= 64 select in registers by counting ranks over a shared-memory tile
//       (w^2 compares, no sorting, exact); wider windows use a 32-pass radix select on the
//       order-preserving bit pattern, read straight from global memory. Both return one of the
//       window's values, so every backend agrees bit for bit.
//   soft_mask             librosa.util.softmask
//   ratio_masks           |v_j|^p / sum_k |v_k|^p (Wiener when p = 2 on magnitudes)
//   stereo_similarity     Avendano-Jot 2 |L conj R| / (|L|^2 + |R|^2)
//   gemm_tiled            C = op(A) op(B), 64 x 64 tiles, 16-deep k slabs, 4 x 4 per thread, float
//   nmf_*, sum_lines      Lee-Seung multiplicative updates around gemm_tiled
//   column_inv_norms, transpose_tiled, repet_select_median   REPET-SIM's repeating model
//   hpss_frames, hpss_magnitude, hpss_apply, hpss_overlap_add, hpss_residual  the HPSS pipeline around cuFFT
//
// Block size is 256 threads for every kernel (the host launches them so).

#ifndef DYNAMIC_SHARED
#define DYNAMIC_SHARED(type, name) extern __shared__ type name[]
#endif

#define SEP_BLOCK 256
// repet_select_median's block size (a multiple of 32); the CPU emulation test compiles it smaller.
#ifndef REPET_BLOCK
#define REPET_BLOCK SEP_BLOCK
#endif
#define SEP_FLT_MIN 1.17549435e-38f

__device__ __forceinline__ float sep_inf() { return __int_as_float(0x7f800000); }

// scipy 'reflect': half-sample symmetric, period 2n (so any offset is valid, any n >= 1).
__device__ __forceinline__ int reflect_index(int i, int n) {
  const int p = 2 * n;
  int m = i % p;
  if (m < 0) m += p;
  return m < n ? m : p - 1 - m;
}

// Order-preserving map float -> unsigned (negative values flipped, positive ones offset).
__device__ __forceinline__ unsigned ordered_key(float f) {
  const unsigned u = __float_as_uint(f);
  return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}

__device__ __forceinline__ float key_float(unsigned k) {
  const unsigned u = (k & 0x80000000u) ? (k & 0x7fffffffu) : ~k;
  return __int_as_float((int) u);
}

// The value of rank `rank` (0-based, ascending) among s[0], s[stride], ..., s[(width-1) stride],
// width <= MAXW. Ranks are made unique by the index (a tie counts as smaller when it comes first),
// so exactly one element has rank `rank`; pads of +inf rank after every real value.
template <int MAXW>
__device__ __forceinline__ float select_rank(const float* s, int stride, int width, int rank) {
  float v[MAXW];
#pragma unroll
  for (int j = 0; j < MAXW; j++) v[j] = j < width ? s[j * stride] : sep_inf();
  float res = v[0];
#pragma unroll
  for (int i = 0; i < MAXW; i++) {
    int c = 0;
#pragma unroll
    for (int j = 0; j < MAXW; j++) {
      if (j < i) c += v[j] <= v[i];
      else if (j > i) c += v[j] < v[i];
    }
    if (c == rank) res = v[i];
  }
  return res;
}

// Rank `rank` of the reflected window line[reflect(first + j) * stride], j < width: 32 passes, one bit each.
__device__ float radix_select_window(const float* line, int n, long long stride, int first, int width, int rank) {
  unsigned prefix = 0u, mask = 0u;
  for (int bit = 31; bit >= 0; bit--) {
    const unsigned b = 1u << bit;
    int cnt = 0;
    for (int j = 0; j < width; j++) {
      const unsigned k = ordered_key(line[(long long) reflect_index(first + j, n) * stride]);
      cnt += ((k & mask) == prefix) && !(k & b);
    }
    if (rank >= cnt) {
      rank -= cnt;
      prefix |= b;
    }
    mask |= b;
  }
  return key_float(prefix);
}

// ---- median along the contiguous axis: one block per (line, 256-column tile) ----------------

template <int MAXW>
__device__ __forceinline__ void median_rows_body(const float* __restrict__ in, long long lines, int len, int width,
                                                 float* __restrict__ out, float* tile) {
  const int half = width / 2;
  const int c0 = blockIdx.x * SEP_BLOCK;
  for (long long line = blockIdx.y; line < lines; line += gridDim.y) {
    const float* src = in + line * len;
    __syncthreads();  // the previous line's readers are done with the tile
    for (int j = threadIdx.x; j < SEP_BLOCK + width - 1; j += SEP_BLOCK) tile[j] = src[reflect_index(c0 - half + j, len)];
    __syncthreads();
    const int c = c0 + threadIdx.x;
    if (c < len) out[line * len + c] = select_rank<MAXW>(tile + threadIdx.x, 1, width, half);
  }
}

extern "C" __global__ void median_rows32(const float* __restrict__ in, long long lines, int len, int width, float* __restrict__ out) {
  DYNAMIC_SHARED(float, tile);
  median_rows_body<32>(in, lines, len, width, out, tile);
}

extern "C" __global__ void median_rows64(const float* __restrict__ in, long long lines, int len, int width, float* __restrict__ out) {
  DYNAMIC_SHARED(float, tile);
  median_rows_body<64>(in, lines, len, width, out, tile);
}

// Any width: one thread per output, radix select from global memory.
extern "C" __global__ void median_rows_any(const float* __restrict__ in, long long lines, int len, int width, float* __restrict__ out) {
  const long long total = lines * len;
  for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < total; i += (long long) gridDim.x * blockDim.x) {
    const long long line = i / len;
    const int c = (int) (i - line * len);
    out[i] = radix_select_window(in + line * len, len, 1, c - width / 2, width, width / 2);
  }
}

// ---- median along the strided axis: 32 columns x 32 output rows per block, 8 rows of threads ----

template <int MAXW>
__device__ __forceinline__ void median_cols_body(const float* __restrict__ in, int count, int rows, int cols, int width,
                                                 float* __restrict__ out, float* tile) {
  const int tx = threadIdx.x & 31, ty = threadIdx.x >> 5;
  const int half = width / 2;
  const int c = blockIdx.x * 32 + tx;
  const int rowTiles = (rows + 31) / 32;
  const long long tiles = (long long) count * rowTiles;
  for (long long yt = blockIdx.y; yt < tiles; yt += gridDim.y) {
    const long long m = yt / rowTiles;
    const int r0 = (int) (yt - m * rowTiles) * 32;
    const float* src = in + m * rows * (long long) cols;
    __syncthreads();
    for (int rr = ty; rr < 32 + width - 1; rr += 8) {
      tile[rr * 32 + tx] = c < cols ? src[(long long) reflect_index(r0 - half + rr, rows) * cols + c] : 0.0f;
    }
    __syncthreads();
    if (c < cols) {
      for (int q = 0; q < 4; q++) {
        const int r = r0 + ty + 8 * q;
        if (r < rows) out[m * rows * (long long) cols + (long long) r * cols + c] = select_rank<MAXW>(tile + (ty + 8 * q) * 32 + tx, 32, width, half);
      }
    }
  }
}

extern "C" __global__ void median_cols32(const float* __restrict__ in, int count, int rows, int cols, int width, float* __restrict__ out) {
  DYNAMIC_SHARED(float, tile);
  median_cols_body<32>(in, count, rows, cols, width, out, tile);
}

extern "C" __global__ void median_cols64(const float* __restrict__ in, int count, int rows, int cols, int width, float* __restrict__ out) {
  DYNAMIC_SHARED(float, tile);
  median_cols_body<64>(in, count, rows, cols, width, out, tile);
}

extern "C" __global__ void median_cols_any(const float* __restrict__ in, int count, int rows, int cols, int width, float* __restrict__ out) {
  const long long per = (long long) rows * cols, total = per * count;
  for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < total; i += (long long) gridDim.x * blockDim.x) {
    const long long m = i / per;
    const long long rc = i - m * per;
    const int r = (int) (rc / cols), c = (int) (rc - (long long) r * cols);
    out[i] = radix_select_window(in + m * per + c, rows, cols, r - width / 2, width, width / 2);
  }
}

// ---- masks ----------------------------------------------------------------------------------

// librosa.util.softmask(x, ref, power, split_zeros) for one cell, ref already scaled (float, as
// numpy's X_ref = margin * ref). The hard mask (power = inf) is x > ref, with no zero rule, as librosa.
__device__ __forceinline__ float softmask_cell(float x, float ref, double power, int hard, int split) {
  if (hard) return x > ref ? 1.0f : 0.0f;
  const float z = fmaxf(x, ref);
  if (z < SEP_FLT_MIN) return split ? 0.5f : 0.0f;
  const double a = (double) x / z, b = (double) ref / z;
  double pa, pb;
  if (power == 2.0) { pa = a * a; pb = b * b; }
  else if (power == 1.0) { pa = a; pb = b; }
  else { pa = pow(a, power); pb = pow(b, power); }
  return (float) (pa / (pa + pb));
}

extern "C" __global__ void soft_mask(const float* __restrict__ x, const float* __restrict__ ref, float refScale, double power,
                                     int hard, int split, long long n, float* __restrict__ out) {
  for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
    out[i] = softmask_cell(x[i], refScale * ref[i], power, hard, split);
  }
}

// |v|^p in double (the scalar kernel's convention: magnitudes, so the sign never matters).
__device__ __forceinline__ double pow_p(float v, double p) {
  const double a = fabs((double) v);
  if (p == 2.0) return a * a;
  if (p == 1.0) return a;
  return pow(a, p);
}

// estimates and masks: n planes of `cells` values each.
extern "C" __global__ void ratio_masks(const float* __restrict__ est, int n, long long cells, double power, float* __restrict__ masks) {
  for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < cells; i += (long long) gridDim.x * blockDim.x) {
    double s = 0.0;
    for (int j = 0; j < n; j++) s += pow_p(est[j * cells + i], power);
    if (s < (double) SEP_FLT_MIN) {
      for (int j = 0; j < n; j++) masks[j * cells + i] = 1.0f / n;
    } else {
      for (int j = 0; j < n; j++) masks[j * cells + i] = (float) (pow_p(est[j * cells + i], power) / s);
    }
  }
}

extern "C" __global__ void stereo_similarity(const float* __restrict__ lre, const float* __restrict__ lim, const float* __restrict__ rre,
                                             const float* __restrict__ rim, long long n, float* __restrict__ out) {
  for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
    const double a = lre[i], b = lim[i], c = rre[i], d = rim[i];
    const double cr = a * c + b * d, ci = b * c - a * d;  // L conj(R)
    const double den = a * a + b * b + c * c + d * d;
    out[i] = den < (double) SEP_FLT_MIN ? 0.0f : (float) (2.0 * sqrt(cr * cr + ci * ci) / den);
  }
}

// ---- tiled matrix product ------------------------------------------------------------------

// C[m][n] = sum_k A(m,k) B(k,n), C row-major with ldc; A(m,k) = ta ? A[k lda + m] : A[m lda + k],
// B(k,n) = tb ? B[n ldb + k] : B[k ldb + n]. Grid (ceil(N/64), ceil(M/64)); tiles load along the
// operand's contiguous axis so global reads coalesce. Sums in float, k ascending per output.
extern "C" __global__ void gemm_tiled(int M, int N, int K, const float* __restrict__ A, int lda, int ta,
                                      const float* __restrict__ B, int ldb, int tb, float* __restrict__ C, int ldc) {
  __shared__ float As[16][65];
  __shared__ float Bs[16][65];
  const int tid = threadIdx.x, tx = tid & 15, ty = tid >> 4;
  const int m0 = blockIdx.y * 64, n0 = blockIdx.x * 64;
  float acc[4][4];
#pragma unroll
  for (int i = 0; i < 4; i++)
#pragma unroll
    for (int j = 0; j < 4; j++) acc[i][j] = 0.0f;
  for (int k0 = 0; k0 < K; k0 += 16) {
    for (int e = tid; e < 1024; e += SEP_BLOCK) {
      int kk, mm;
      if (ta) { mm = e & 63; kk = e >> 6; } else { kk = e & 15; mm = e >> 4; }
      const int gm = m0 + mm, gk = k0 + kk;
      As[kk][mm] = (gm < M && gk < K) ? (ta ? A[(long long) gk * lda + gm] : A[(long long) gm * lda + gk]) : 0.0f;
      int nn;
      if (tb) { kk = e & 15; nn = e >> 4; } else { nn = e & 63; kk = e >> 6; }
      const int gn = n0 + nn, gk2 = k0 + kk;
      Bs[kk][nn] = (gn < N && gk2 < K) ? (tb ? B[(long long) gn * ldb + gk2] : B[(long long) gk2 * ldb + gn]) : 0.0f;
    }
    __syncthreads();
#pragma unroll
    for (int kk = 0; kk < 16; kk++) {
      float a[4], b[4];
#pragma unroll
      for (int i = 0; i < 4; i++) a[i] = As[kk][ty + 16 * i];
#pragma unroll
      for (int j = 0; j < 4; j++) b[j] = Bs[kk][tx + 16 * j];
#pragma unroll
      for (int i = 0; i < 4; i++)
#pragma unroll
        for (int j = 0; j < 4; j++) acc[i][j] += a[i] * b[j];
    }
    __syncthreads();
  }
#pragma unroll
  for (int i = 0; i < 4; i++) {
    const int m = m0 + ty + 16 * i;
    if (m >= M) continue;
#pragma unroll
    for (int j = 0; j < 4; j++) {
      const int n = n0 + tx + 16 * j;
      if (n < N) C[(long long) m * ldc + n] = acc[i][j];
    }
  }
}

// ---- NMF (Lee and Seung 2001) ---------------------------------------------------------------

// x *= num / max(den, FLT_MIN)
extern "C" __global__ void nmf_mul_update(float* __restrict__ x, const float* __restrict__ num, const float* __restrict__ den, long long n) {
  for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
    x[i] *= num[i] / fmaxf(den[i], SEP_FLT_MIN);
  }
}

// q = v / max(wh, FLT_MIN)
extern "C" __global__ void nmf_kl_ratio(const float* __restrict__ v, const float* __restrict__ wh, long long n, float* __restrict__ q) {
  for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
    q[i] = v[i] / fmaxf(wh[i], SEP_FLT_MIN);
  }
}

// h[r][t] *= num[r][t] / max(sums[r], FLT_MIN), h rank x frames
extern "C" __global__ void nmf_kl_update_rows(float* __restrict__ h, const float* __restrict__ num, const float* __restrict__ sums, int rank, int frames) {
  const long long n = (long long) rank * frames;
  for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
    h[i] *= num[i] / fmaxf(sums[i / frames], SEP_FLT_MIN);
  }
}

// w[b][r] *= num[b][r] / max(sums[r], FLT_MIN), w bins x rank
extern "C" __global__ void nmf_kl_update_cols(float* __restrict__ w, const float* __restrict__ num, const float* __restrict__ sums, int bins, int rank) {
  const long long n = (long long) bins * rank;
  for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
    w[i] *= num[i] / fmaxf(sums[i % rank], SEP_FLT_MIN);
  }
}

// out[l] = sum_e x[l lineStride + e elemStride], in double; one block per line.
extern "C" __global__ void sum_lines(const float* __restrict__ x, int lines, int len, long long lineStride, long long elemStride, float* __restrict__ out) {
  __shared__ double red[SEP_BLOCK];
  for (int l = blockIdx.x; l < lines; l += gridDim.x) {
    double s = 0.0;
    for (int e = threadIdx.x; e < len; e += SEP_BLOCK) s += x[l * lineStride + e * elemStride];
    __syncthreads();
    red[threadIdx.x] = s;
    __syncthreads();
    for (int h = SEP_BLOCK / 2; h > 0; h >>= 1) {
      if (threadIdx.x < h) red[threadIdx.x] += red[threadIdx.x + h];
      __syncthreads();
    }
    if (threadIdx.x == 0) out[l] = (float) red[0];
  }
}

// ---- REPET-SIM ------------------------------------------------------------------------------

// inv[t] = 1 / ||x[:, t]|| (0 for an all-zero column), x bins x frames; one thread per frame (coalesced over t).
extern "C" __global__ void column_inv_norms(const float* __restrict__ x, int bins, int frames, float* __restrict__ inv) {
  for (int t = blockIdx.x * blockDim.x + threadIdx.x; t < frames; t += gridDim.x * blockDim.x) {
    double s = 0.0;
    for (int b = 0; b < bins; b++) {
      const double v = x[(long long) b * frames + t];
      s += v * v;
    }
    inv[t] = s > 0.0 ? (float) (1.0 / sqrt(s)) : 0.0f;
  }
}

// out (cols x rows) = in (rows x cols)^T through a 32 x 33 shared tile; grid (ceil(cols/32), ceil(rows/32)).
extern "C" __global__ void transpose_tiled(const float* __restrict__ in, int rows, int cols, float* __restrict__ out) {
  __shared__ float t[32][33];
  const int tx = threadIdx.x & 31, ty = threadIdx.x >> 5;
  const int c0 = blockIdx.x * 32, r0 = blockIdx.y * 32;
  for (int r = ty; r < 32; r += 8) {
    if (r0 + r < rows && c0 + tx < cols) t[r][tx] = in[(long long) (r0 + r) * cols + c0 + tx];
  }
  __syncthreads();
  for (int c = ty; c < 32; c += 8) {
    if (c0 + c < cols && r0 + tx < rows) out[(long long) (c0 + c) * rows + r0 + tx] = t[tx][c];
  }
}

// Sum over the block (REPET_BLOCK threads): warp shuffles, then the 8 warp sums through shared memory.
__device__ int block_sum(int v, int* red) {
#pragma unroll
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  __syncthreads();  // red is free again
  if ((threadIdx.x & 31) == 0) red[threadIdx.x >> 5] = v;
  __syncthreads();
  int s = 0;
#pragma unroll
  for (int w = 0; w < REPET_BLOCK / 32; w++) s += red[w];
  return s;
}

__device__ __forceinline__ bool repet_allowed(int t, int j, int minDist, int maxDist) {
  const int d = t > j ? t - j : j - t;
  return d >= minDist && (maxDist <= 0 || d <= maxDist);
}

// Higher key = better neighbour: the similarity's order bits, then the lower index.
__device__ __forceinline__ unsigned long long repet_key(float s, int j) {
  if (s == 0.0f) s = 0.0f;  // -0 and +0 compare equal, as on the CPU
  return ((unsigned long long) ordered_key(s) << 32) | (unsigned long long) (0xffffffffu - (unsigned) j);
}

// One block per frame t = t0 + blockIdx.x of this pass. sim holds the pass's raw dot products
// (R x frames); the cosine is sim * inv[t] * inv[j]. Selects the k best allowed neighbours (a radix
// select of the k-th largest 64-bit key, 8 passes of 8-bit digits), lists them in ascending order in
// selBuf's row, then per bin takes the median of their values (xt: frames x bins, so the gathers
// coalesce over bins; the mean of the two middle values for an even count) and writes
// min(median, x) into out (bins x frames). Dynamic shared: 2 x REPET_BLOCK + 258 ints.
extern "C" __global__ void repet_select_median(const float* __restrict__ sim, const float* __restrict__ inv, const float* __restrict__ xt,
                                               int t0, int frames, int bins, int k, int minDist, int maxDist,
                                               int* __restrict__ selBuf, float* __restrict__ out) {
  DYNAMIC_SHARED(int, sh);
  int* red = sh;
  int* scan = sh + REPET_BLOCK;
  int* hist = sh + 2 * REPET_BLOCK;
  int* pick = hist + 256;
  const int r = blockIdx.x, t = t0 + r, tid = threadIdx.x;
  const float* srow = sim + (long long) r * frames;
  int* sel = selBuf + (long long) r * frames;
  const float it = inv[t];
  const int chunk = (frames + REPET_BLOCK - 1) / REPET_BLOCK;
  const int jb = tid * chunk < frames ? tid * chunk : frames, je = jb + chunk < frames ? jb + chunk : frames;
  int mine = 0;
  for (int j = jb; j < je; j++) mine += repet_allowed(t, j, minDist, maxDist);
  const int total = k > 0 ? block_sum(mine, red) : 0;
  const bool all = total <= k;
  unsigned long long thr = 0ull;
  if (!all) {
    // The k-th largest key, one 8-bit digit per pass from the top: a shared histogram of the digit
    // among the keys that match the prefix so far, then the digit where the count from the top reaches k.
    unsigned long long prefix = 0ull, mask = 0ull;
    int kk = k;  // 1-based rank from the top among the keys matching the prefix
    for (int shift = 56; shift >= 0; shift -= 8) {
      for (int i = tid; i < 256; i += REPET_BLOCK) hist[i] = 0;
      __syncthreads();
      for (int j = jb; j < je; j++) {
        if (!repet_allowed(t, j, minDist, maxDist)) continue;
        const unsigned long long key = repet_key(srow[j] * it * inv[j], j);
        if ((key & mask) == prefix) atomicAdd(&hist[(int) ((key >> shift) & 255ull)], 1);
      }
      __syncthreads();
      if (tid == 0) {
        int cum = 0, d = 255;
        for (; d > 0; d--) {
          if (cum + hist[d] >= kk) break;
          cum += hist[d];
        }
        pick[0] = d;
        pick[1] = kk - cum;
      }
      __syncthreads();
      prefix |= (unsigned long long) pick[0] << shift;
      mask |= 255ull << shift;
      kk = pick[1];
      __syncthreads();  // everyone has read pick before the next pass writes hist and pick
    }
    thr = prefix;  // the k-th largest key: exactly k keys are >= it
  }
  // Ascending compaction: per-thread counts, an exclusive scan, then writes.
  int cnt = 0;
  if (total > 0) {
    for (int j = jb; j < je; j++) {
      if (!repet_allowed(t, j, minDist, maxDist)) continue;
      if (all || repet_key(srow[j] * it * inv[j], j) >= thr) cnt++;
    }
  }
  __syncthreads();
  scan[tid] = cnt;
  __syncthreads();
  if (tid == 0) {
    int s = 0;
    for (int i = 0; i < REPET_BLOCK; i++) {
      const int v = scan[i];
      scan[i] = s;
      s += v;
    }
  }
  __syncthreads();
  if (total > 0) {
    int at = scan[tid];
    for (int j = jb; j < je; j++) {
      if (!repet_allowed(t, j, minDist, maxDist)) continue;
      if (all || repet_key(srow[j] * it * inv[j], j) >= thr) sel[at++] = j;
    }
  }
  __syncthreads();  // sel is complete (global writes by this block, visible after the barrier)
  const int n = total <= 0 ? 0 : (all ? total : k);
  const int lo = (n - 1) / 2, hi = n / 2;
  for (int b = tid; b < bins; b += REPET_BLOCK) {
    const float xv = xt[(long long) t * bins + b];
    float model = xv;
    if (n > 0) {
      unsigned prefix = 0u, mask = 0u;
      int rank = lo;
      for (int bit = 31; bit >= 0; bit--) {
        const unsigned bb = 1u << bit;
        int c0 = 0;
        for (int i = 0; i < n; i++) {
          const unsigned key = ordered_key(xt[(long long) sel[i] * bins + b]);
          c0 += ((key & mask) == prefix) && !(key & bb);
        }
        if (rank >= c0) {
          rank -= c0;
          prefix |= bb;
        }
        mask |= bb;
      }
      const float a = key_float(prefix);
      if (hi == lo) {
        model = a;
      } else {
        int le = 0;
        unsigned next = 0xffffffffu;
        for (int i = 0; i < n; i++) {
          const unsigned key = ordered_key(xt[(long long) sel[i] * bins + b]);
          if (key <= prefix) le++;
          else if (key < next) next = key;
        }
        const float up = le > hi ? a : key_float(next);
        model = (float) (((double) a + up) * 0.5);  // the mean in double, rounded once (as the scalar kernel)
      }
    }
    out[(long long) b * frames + t] = fminf(model, xv);
  }
}

// ---- HPSS pipeline --------------------------------------------------------------------------

// Frames of interleaved PCM (channels per sample frame), centred (n_fft / 2 padding, zeros or numpy
// 'reflect'), times the window: frames[(c T + t) n_fft + j]; grid (min(T, 65535), channels).
extern "C" __global__ void hpss_frames(const float* __restrict__ pcm, long long n, int channels, const float* __restrict__ window,
                                       int nFft, int hop, int T, int center, int reflect, float* __restrict__ frames) {
  const int c = blockIdx.y;
  for (int t = blockIdx.x; t < T; t += gridDim.x) {
    const long long first = (long long) t * hop - (center ? nFft / 2 : 0);
    float* out = frames + ((long long) c * T + t) * nFft;
    for (int j = threadIdx.x; j < nFft; j += blockDim.x) {
      long long i = first + j;
      float v;
      if (i >= 0 && i < n) {
        v = pcm[i * channels + c];
      } else if (reflect && n > 1) {
        if (i < 0) i = -i;
        if (i >= n) i = 2 * (n - 1) - i;
        v = pcm[i * channels + c];
      } else {
        v = 0.0f;
      }
      out[j] = v * window[j];
    }
  }
}

// |X| of interleaved complex values (in double, rounded once, as the CPU STFT).
extern "C" __global__ void hpss_magnitude(const float* __restrict__ X, long long cells, float* __restrict__ mag) {
  for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < cells; i += (long long) gridDim.x * blockDim.x) {
    const double re = X[2 * i], im = X[2 * i + 1];
    mag[i] = (float) sqrt(re * re + im * im);
  }
}

// librosa.decompose.hpss masks: mask_h = softmask(H, marginH P), mask_p = softmask(P, marginP H),
// split_zeros when both margins are 1; harmonic = X mask_h into Xh, X *= mask_p in place.
extern "C" __global__ void hpss_apply(float* __restrict__ X, const float* __restrict__ H, const float* __restrict__ P, long long cells,
                                      float marginH, float marginP, double power, int hard, int split, float* __restrict__ Xh) {
  for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < cells; i += (long long) gridDim.x * blockDim.x) {
    const float h = H[i], p = P[i];
    const float mh = softmask_cell(h, marginH * p, power, hard, split);
    const float mp = softmask_cell(p, marginP * h, power, hard, split);
    const float re = X[2 * i], im = X[2 * i + 1];
    Xh[2 * i] = re * mh;
    Xh[2 * i + 1] = im * mh;
    X[2 * i] = re * mp;
    X[2 * i + 1] = im * mp;
  }
}

// librosa.istft: y[i] = sum_t w[j] frame_t[j] scale / sum_t w[j]^2 (where that sum > FLT_MIN),
// j = i + pad - t hop, over the frames that cover i; centred output skips n_fft / 2. One thread per
// output sample of one channel; written interleaved (out[i channels + c]), n samples per channel.
extern "C" __global__ void hpss_overlap_add(const float* __restrict__ frames, const float* __restrict__ window, int nFft, int hop, int T,
                                            int channels, long long n, int center, float scale, float* __restrict__ out) {
  const long long total = n * channels;
  for (long long q = (long long) blockIdx.x * blockDim.x + threadIdx.x; q < total; q += (long long) gridDim.x * blockDim.x) {
    const int c = (int) (q / n);
    const long long i = q - (long long) c * n;
    const long long p = i + (center ? nFft / 2 : 0);
    long long tLo = p - nFft + 1 <= 0 ? 0 : (p - nFft + 1 + hop - 1) / hop;
    long long tHi = p / hop;
    if (tHi > T - 1) tHi = T - 1;
    double acc = 0.0, wss = 0.0;
    for (long long t = tLo; t <= tHi; t++) {
      const int j = (int) (p - t * hop);
      const double w = window[j];
      acc += w * frames[((long long) c * T + t) * nFft + j];
      wss += w * w;
    }
    double y = acc * scale;
    if (wss > (double) SEP_FLT_MIN) y /= wss;
    out[i * channels + c] = (float) y;
  }
}

// The residual stem of HPSS with margins: x - harmonic - percussive (= istft(X (1 - mask_h - mask_p)),
// istft being linear and reproducing x). Interleaved, n values.
extern "C" __global__ void hpss_residual(const float* __restrict__ pcm, const float* __restrict__ h, const float* __restrict__ p,
                                         long long n, float* __restrict__ out) {
  for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
    out[i] = pcm[i] - h[i] - p[i];
  }
}
