// ITU-R BS.1770-4 loudness building blocks for a batch of recordings resident on the device.
// Compiled at run time by NVRTC (no headers: only built-ins), and by `nvcc --ptx` in the test suite.
//
// One thread per chunk of one channel ("track"). A chunk is a whole number of 100 ms sub-blocks;
// its thread starts the K-weighting cascade from zero state `warm` frames before the chunk (or at
// frame 0) and discards that output, so chunks filter independently and equal the serial filter to
// double precision (ChunkPlan / ChunkedKWeighting in Java hold the proof and its test). In one
// pass over its samples a thread writes
//   - the sum of squared K-weighted samples of each sub-block it owns (a partial last one too),
//   - its chunk's sample peak max|x| and the BS.1770-4 Annex 2 true peak (4x, 48-tap polyphase FIR
//     over the raw samples, history from the samples before the chunk, zeros before frame 0, and for
//     the last chunk the filter's 11-sample tail after the end, as a full convolution),
//   - the count of non-finite samples, which are measured as 0.
// Gating, LRA and the maxima over chunks run on the host from these small arrays (64 files x 60 s
// stereo at 48 kHz give 77 k energies, 600 KB), see CudaLoudness.
//
// Reads are staged per warp through shared memory so that global loads are coalesced: the 32
// threads of a warp read 32 different chunks, each a contiguous run, one 32-sample tile at a time.

#define TILE 32
#define WARPS_PER_BLOCK 4

// BS.1770-4 Annex 2, Table 1: phase p, tap k.
__constant__ double TP_H[4][12] = {
  {0.0017089843750, 0.0109863281250, -0.0196533203125, 0.0332031250000, -0.0594482421875, 0.1373291015625,
   0.9721679687500, -0.1022949218750, 0.0476074218750, -0.0266113281250, 0.0148925781250, -0.0083007812500},
  {-0.0291748046875, 0.0292968750000, -0.0517578125000, 0.0891113281250, -0.1665039062500, 0.4650878906250,
   0.7797851562500, -0.2003173828125, 0.1015625000000, -0.0582275390625, 0.0330810546875, -0.0189208984375},
  {-0.0189208984375, 0.0330810546875, -0.0582275390625, 0.1015625000000, -0.2003173828125, 0.7797851562500,
   0.4650878906250, -0.1665039062500, 0.0891113281250, -0.0517578125000, 0.0292968750000, -0.0291748046875},
  {-0.0083007812500, 0.0148925781250, -0.0266113281250, 0.0476074218750, -0.1022949218750, 0.9721679687500,
   0.1373291015625, -0.0594482421875, 0.0332031250000, -0.0196533203125, 0.0109863281250, 0.0017089843750}};

__device__ __forceinline__ bool finite_f(float v) {
  return (__float_as_uint(v) & 0x7f800000u) != 0x7f800000u;
}

// Max |y_p| over the four phases for the newest sample h[0] and its 11 predecessors h[1..11].
__device__ __forceinline__ double tp_step(const double h[12]) {
  double y0 = 0.0, y1 = 0.0, y2 = 0.0, y3 = 0.0;
#pragma unroll
  for (int k = 0; k < 12; k++) {
    y0 += TP_H[0][k] * h[k];
    y1 += TP_H[1][k] * h[k];
    y2 += TP_H[2][k] * h[k];
    y3 += TP_H[3][k] * h[k];
  }
  return fmax(fmax(fabs(y0), fabs(y1)), fmax(fabs(y2), fabs(y3)));
}

__device__ __forceinline__ void push(double h[12], double v) {
#pragma unroll
  for (int k = 11; k > 0; k--) h[k] = h[k - 1];
  h[0] = v;
}

// Per track t: samples [offset[t], offset[t] + frames[t]); coefficients coef[7 * rate[t] ..]
// = {b0, b1, b2, a1, a2, c1, c2}; sub-block length sub[t]; warm-up warm[t]; energies from
// energyBase[t]. Per chunk g < totalChunks: its track chunkTrack[g] and index chunkIndex[g].
extern "C" __global__ void loudness_chunks(
    const float* __restrict__ samples,
    const long long* __restrict__ offset,
    const long long* __restrict__ frames,
    const int* __restrict__ rate,
    const double* __restrict__ coef,
    const int* __restrict__ sub,
    const int* __restrict__ warm,
    const long long* __restrict__ energyBase,
    const int* __restrict__ chunkTrack,
    const int* __restrict__ chunkIndex,
    int totalChunks,
    int subsPerChunk,
    int wantPeaks,
    double* __restrict__ energies,
    double* __restrict__ chunkSamplePeak,
    double* __restrict__ chunkTruePeak,
    int* __restrict__ chunkNonFinite) {
  __shared__ float tile[WARPS_PER_BLOCK][TILE][TILE + 1];
  __shared__ long long rowBase[WARPS_PER_BLOCK][TILE];
  __shared__ long long rowLen[WARPS_PER_BLOCK][TILE];

  const int lane = threadIdx.x & 31;
  const int warp = threadIdx.x >> 5;
  const int g = blockIdx.x * blockDim.x + threadIdx.x;
  const bool active = g < totalChunks;

  int t = 0, sb = 1;
  long long start = 0, end = 0, from = 0, base = 0;
  double b0 = 0, b1 = 0, b2 = 0, a1 = 0, a2 = 0, c1 = 0, c2 = 0;
  if (active) {
    t = chunkTrack[g];
    sb = sub[t];
    const long long n = frames[t];
    const long long L = (long long) sb * subsPerChunk;
    start = (long long) chunkIndex[g] * L;
    end = start + L < n ? start + L : n;
    from = start - warm[t] > 0 ? start - warm[t] : 0;
    // The true peak needs the 11 samples before the chunk even when there is no warm-up to run.
    if (wantPeaks && start - from < 11) from = start - 11 > 0 ? start - 11 : 0;
    base = offset[t];
    const double* c = coef + 7 * rate[t];
    b0 = c[0]; b1 = c[1]; b2 = c[2]; a1 = c[3]; a2 = c[4]; c1 = c[5]; c2 = c[6];
  }
  rowBase[warp][lane] = base + from;
  rowLen[warp][lane] = active ? end - from : 0;
  long long len = active ? end - from : 0;
  long long maxLen = len;
#pragma unroll
  for (int o = 16; o > 0; o >>= 1) {
    long long other = __shfl_xor_sync(0xffffffffu, maxLen, o);
    maxLen = other > maxLen ? other : maxLen;
  }
  __syncwarp();

  double s1 = 0.0, s2 = 0.0, t1 = 0.0, t2 = 0.0;
  double acc = 0.0, sp = 0.0, tp = 0.0;
  double h[12];
#pragma unroll
  for (int k = 0; k < 12; k++) h[k] = 0.0;
  int inBlock = 0;
  int bad = 0;
  long long block = active ? energyBase[t] + start / sb : 0;

  for (long long pos = 0; pos < maxLen; pos += TILE) {
    // Coalesced staging: row r of the tile is thread r's next 32 samples.
    for (int r = 0; r < TILE; r++) {
      const long long p = pos + lane;
      tile[warp][r][lane] = p < rowLen[warp][r] ? samples[rowBase[warp][r] + p] : 0.0f;
    }
    __syncwarp();
    if (active) {
      const int m = (int) (len - pos < TILE ? (len - pos > 0 ? len - pos : 0) : TILE);
      for (int i = 0; i < m; i++) {
        const long long abs = from + pos + i;
        float raw = tile[warp][lane][i];
        const bool own = abs >= start;
        if (!finite_f(raw)) {
          raw = 0.0f;
          if (own) bad++;
        }
        const double xv = (double) raw;
        const double y1 = b0 * xv + s1;
        s1 = b1 * xv - a1 * y1 + s2;
        s2 = b2 * xv - a2 * y1;
        const double y = y1 + t1;
        t1 = -2.0 * y1 - c1 * y + t2;
        t2 = y1 - c2 * y;
        if (wantPeaks) push(h, xv);
        if (own) {
          acc += y * y;
          if (wantPeaks) {
            sp = fmax(sp, fabs(xv));
            tp = fmax(tp, tp_step(h));
          }
          if (++inBlock == sb) {
            energies[block++] = acc;
            acc = 0.0;
            inBlock = 0;
          }
        }
      }
    }
    __syncwarp();
  }
  if (!active) return;
  if (inBlock > 0) energies[block] = acc;
  if (wantPeaks) {
    if (end == frames[t]) {
      // The FIR's tail: outputs for the 11 positions after the last sample (zeros pushed in).
      for (int k = 0; k < 11; k++) {
        push(h, 0.0);
        tp = fmax(tp, tp_step(h));
      }
    }
    chunkSamplePeak[g] = sp;
    chunkTruePeak[g] = tp;
  }
  chunkNonFinite[g] = bad;
}
