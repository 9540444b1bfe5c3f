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
// Two small kernels follow it, so that the device returns a few numbers per recording:
//   - loudness_gating (one block per recording): channel-weighted sub-block energies, the BS.1770-4
//     Annex 1 gating histogram and EBU Tech 3342 loudness range with B's exact bookkeeping
//     (GatingHistogram: 0.01 LU bins holding counts and exact sums), the ungated total, the maxima
//     of the per-chunk peaks, and for the maxima the best window aligned on sub-blocks plus the
//     list of sub-blocks where a window at a hop of one sample could beat it;
//   - loudness_maxima (one thread per candidate run of window starts): the exact maximum over every
//     window position (hop of one sample) by re-filtering the two ends of each window.
// LoudnessGatingModel in Java mirrors both, statement for statement.
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

// ---------------------------------------------------------------------------------------------
// Gating, LRA, peaks and the aligned maxima: one block of GATE_THREADS threads per recording.
//
// Per recording r: tracks recTrack0[r] .. + recChannels[r] (their energies from loudness_chunks at
// energyBase[t], weights trackWeight[t]), recFrames[r] frames, recSub[r] frames per sub-block, its
// loudness_chunks chunks recChunk0[r] .. + recChunks[r], its weighted sub-blocks in wsum from
// recSubBase[r], its maxima runs (kind 0 momentary, 1 short-term) from mxBase[2r + kind].
// Scratch: histograms per block (2 x BINS counts and sums; blocks loop over recordings).
// out[OUT_FIELDS r ..] = {gated mean energy (NaN: nothing passes the gates), total energy over all
// frames, LRA in LU (NaN: no short-term value), sample peak, true peak (linear), non-finite count};
// maxBits[2r + kind] = bits of the best aligned window sum (a non-negative double, so integer
// order is numeric order and loudness_maxima raises it with atomicMax).

#define GATE_THREADS 256
#define BINS 10000
#define OUT_FIELDS 6

__device__ __forceinline__ double lufs_of(double e) { return -0.691 + 10.0 * log10(e); }

// GatingHistogram.bin: floor, clamped to the histogram.
__device__ __forceinline__ int bin_of(double lufs) {
  double b = floor((lufs - (-70.0)) / 0.01);
  return (int) fmax(0.0, fmin((double) (BINS - 1), b));
}

// GatingHistogram.add: absolute gate -70 LUFS inclusive (libebur128's >=), truncating bin index.
__device__ __forceinline__ void hist_add(int* cnt, double* sum, double e, double& gs, long long& gn) {
  const double l = lufs_of(e);
  if (!(l >= -70.0)) return;
  int b = (int) ((l - (-70.0)) / 0.01);
  if (b >= BINS) b = BINS - 1;
  atomicAdd(&cnt[b], 1);
  atomicAdd(&sum[b], e);
  gs += e;
  gn++;
}

__device__ double block_sum_d(double v, double* sh) {
  const int t = threadIdx.x;
  sh[t] = v;
  __syncthreads();
  for (int s = GATE_THREADS / 2; s > 0; s >>= 1) {
    if (t < s) sh[t] += sh[t + s];
    __syncthreads();
  }
  const double r = sh[0];
  __syncthreads();
  return r;
}

__device__ double block_max_d(double v, double* sh) {
  const int t = threadIdx.x;
  sh[t] = v;
  __syncthreads();
  for (int s = GATE_THREADS / 2; s > 0; s >>= 1) {
    if (t < s) sh[t] = fmax(sh[t], sh[t + s]);
    __syncthreads();
  }
  const double r = sh[0];
  __syncthreads();
  return r;
}

__device__ long long block_sum_ll(long long v, long long* sh) {
  const int t = threadIdx.x;
  sh[t] = v;
  __syncthreads();
  for (int s = GATE_THREADS / 2; s > 0; s >>= 1) {
    if (t < s) sh[t] += sh[t + s];
    __syncthreads();
  }
  const long long r = sh[0];
  __syncthreads();
  return r;
}

// GatingHistogram.meanAtRank over bins [first, BINS): each thread owns a contiguous run of bins;
// an exclusive scan of the runs' counts finds the one thread whose run holds the rank.
__device__ double mean_at_rank(const int* cnt, const double* sum, int first, long long rank, long long* shL, double* shOut) {
  const int t = threadIdx.x;
  const int span = (BINS - first + GATE_THREADS - 1) / GATE_THREADS;
  const int lo = first + t * span;
  const int hi = lo + span < BINS ? lo + span : BINS;
  long long mine = 0;
  for (int b = lo; b < hi; b++) mine += cnt[b];
  shL[t] = mine;
  __syncthreads();
  if (t == 0) {
    long long run = 0;
    for (int i = 0; i < GATE_THREADS; i++) {
      const long long c = shL[i];
      shL[i] = run;
      run += c;
    }
  }
  __syncthreads();
  const long long before = shL[t];
  if (rank >= before && rank < before + mine) {
    long long seen = before;
    for (int b = lo; b < hi; b++) {
      seen += cnt[b];
      if (seen > rank) {
        shOut[0] = sum[b] / cnt[b];
        break;
      }
    }
  }
  __syncthreads();
  const double r = shOut[0];
  __syncthreads();
  return r;
}

extern "C" __global__ void loudness_gating(
    const double* __restrict__ energies,
    const long long* __restrict__ energyBase,
    const double* __restrict__ trackWeight,
    const int* __restrict__ recTrack0,
    const int* __restrict__ recChannels,
    const long long* __restrict__ recFrames,
    const int* __restrict__ recSub,
    const long long* __restrict__ recSubBase,
    const int* __restrict__ recChunk0,
    const int* __restrict__ recChunks,
    const int* __restrict__ mxBase,
    const double* __restrict__ chunkSamplePeak,
    const double* __restrict__ chunkTruePeak,
    const int* __restrict__ chunkNonFinite,
    int recordings,
    int runSubs,
    int lraEvery100,
    int wantPeaks,
    int wantMaxima,
    double* __restrict__ wsum,
    int* __restrict__ histCount,
    double* __restrict__ histSum,
    int* __restrict__ flags,
    double* __restrict__ out,
    unsigned long long* __restrict__ maxBits) {
  __shared__ double shD[GATE_THREADS];
  __shared__ long long shL[GATE_THREADS];
  __shared__ double shOut[1];
  const int t = threadIdx.x;
  int* cntB = histCount + (long long) blockIdx.x * 2 * BINS;   // gating blocks
  int* cntS = cntB + BINS;                                      // short-term values
  double* sumB = histSum + (long long) blockIdx.x * 2 * BINS;
  double* sumS = sumB + BINS;

  for (int r = blockIdx.x; r < recordings; r += gridDim.x) {
    const long long frames = recFrames[r];
    const int sub = recSub[r];
    const long long complete = frames / sub;
    const long long withTail = (frames + sub - 1) / sub;
    const int ch = recChannels[r];
    const int t0 = recTrack0[r];
    double* w = wsum + recSubBase[r];
    for (int b = t; b < 2 * BINS; b += GATE_THREADS) {
      cntB[b] = 0;   // cntS follows cntB
      sumB[b] = 0.0;
    }
    if (wantMaxima) {
      for (int k = 0; k < 2; k++) {
        const int n = mxBase[2 * r + k + 1] - mxBase[2 * r + k];
        for (int i = t; i < n; i += GATE_THREADS) flags[mxBase[2 * r + k] + i] = 0;
      }
    }
    // Channel-weighted sub-block energies, channels in order as the CPU meters add them.
    double total = 0.0;
    for (long long i = t; i < withTail; i += GATE_THREADS) {
      double v = 0.0;
      for (int c = 0; c < ch; c++) v += trackWeight[t0 + c] * energies[energyBase[t0 + c] + i];
      w[i] = v;
      total += v;
    }
    total = block_sum_d(total, shD);  // also the barrier: w[] and the zeroed histograms are visible

    // Gating blocks of 4 sub-blocks (one per finished sub-block) and short-term values of 30, summed
    // newest first as MeterEngine.lastSubs sums its ring; mean energies into the histograms.
    const double n400 = 4.0 * sub, n3 = 30.0 * sub;
    double gsB = 0.0, gsS = 0.0;
    long long gnB = 0, gnS = 0;
    for (long long i = t; i < complete; i += GATE_THREADS) {
      const long long count = i + 1;
      if (count >= 4) {
        double s = 0.0;
        for (int j = 1; j <= 4; j++) s += w[count - j];
        hist_add(cntB, sumB, s / n400, gsB, gnB);
      }
      if (count >= 30 && (lraEvery100 || (count - 30) % 10 == 0)) {
        double s = 0.0;
        for (int j = 1; j <= 30; j++) s += w[count - j];
        hist_add(cntS, sumS, s / n3, gsS, gnS);
      }
    }
    gsB = block_sum_d(gsB, shD);
    gnB = block_sum_ll(gnB, shL);
    gsS = block_sum_d(gsS, shD);
    gnS = block_sum_ll(gnS, shL);

    // Integrated (GatingHistogram.relativeGatedMean(-10)): bins above the gate's bin, and the gate's
    // own bin when its mean lies strictly above the gate (BS.1770-4 Annex 1 eq. 7).
    double gated = __longlong_as_double(0x7ff8000000000000LL);
    if (gnB > 0) {
      const double gateE = (gsB / (double) gnB) * pow(10.0, -10.0 / 10.0);
      const int gb = bin_of(lufs_of(gateE));
      double s = 0.0;
      long long n = 0;
      for (int b = gb + 1 + t; b < BINS; b += GATE_THREADS) {
        n += cntB[b];
        s += sumB[b];
      }
      s = block_sum_d(s, shD);
      n = block_sum_ll(n, shL);
      if (cntB[gb] > 0 && sumB[gb] / cntB[gb] > gateE) {
        n += cntB[gb];
        s += sumB[gb];
      }
      if (n > 0) gated = s / n;
    }

    // Loudness range (GatingHistogram.range, EBU Tech 3342): relative gate -20 LU inclusive, 10th to
    // 95th percentile by nearest rank floor((n - 1) p + 0.5) as libebur128.
    double lra = __longlong_as_double(0x7ff8000000000000LL);
    if (gnS > 0) {
      const double gateE = (gsS / (double) gnS) * 0.01;
      const int gb = bin_of(lufs_of(gateE));
      const int first = (cntS[gb] > 0 && sumS[gb] / cntS[gb] >= gateE) ? gb : gb + 1;
      long long n = 0;
      for (int b = first + t; b < BINS; b += GATE_THREADS) n += cntS[b];
      n = block_sum_ll(n, shL);
      if (n > 0) {
        const long long lo = (long long) ((n - 1) * 0.10 + 0.5);
        const long long hi = (long long) ((n - 1) * 0.95 + 0.5);
        const double eHi = mean_at_rank(cntS, sumS, first, hi, shL, shOut);
        const double eLo = mean_at_rank(cntS, sumS, first, lo, shL, shOut);
        lra = lufs_of(eHi) - lufs_of(eLo);
      }
    }

    // Peaks and non-finite counts over the recording's chunks.
    double sp = 0.0, tp = 0.0;
    long long bad = 0;
    for (int g = recChunk0[r] + t; g < recChunk0[r] + recChunks[r]; g += GATE_THREADS) {
      if (wantPeaks) {
        sp = fmax(sp, chunkSamplePeak[g]);
        tp = fmax(tp, chunkTruePeak[g]);
      }
      bad += chunkNonFinite[g];
    }
    sp = block_max_d(sp, shD);
    tp = block_max_d(tp, shD);
    bad = block_sum_ll(bad, shL);

    // Maxima, kind 0 (400 ms, K = 4 sub-blocks) and 1 (3 s, K = 30). A window starting at
    // q sub + rho (0 <= rho < sub) lies inside [q sub, (q + K + 1) sub), so it cannot exceed the
    // sum of those K + 1 sub-blocks; runs of window starts holding a q whose bound beats the best
    // aligned window are flagged for loudness_maxima. Window starts q run over [0, complete - K].
    if (wantMaxima) {
      for (int k = 0; k < 2; k++) {
        const int K = k == 0 ? 4 : 30;
        double best = 0.0;
        if (complete >= K) {
          for (long long q = t; q <= complete - K; q += GATE_THREADS) {
            double c = 0.0;
            for (int j = 0; j < K; j++) c += w[q + j];
            best = fmax(best, c);
          }
        }
        best = block_max_d(best, shD);
        if (complete >= K) {
          for (long long q = t; q <= complete - K; q += GATE_THREADS) {
            if ((q + K) * sub + 1 > frames) continue;  // no window beyond the aligned one
            double c = 0.0;
            for (int j = 0; j <= K; j++) c += w[q + j];
            if (c > best) flags[mxBase[2 * r + k] + (int) (q / runSubs)] = 1;
          }
        }
        if (t == 0) maxBits[2 * r + k] = (unsigned long long) __double_as_longlong(best);
      }
    }

    if (t == 0) {
      double* o = out + (long long) OUT_FIELDS * r;
      o[0] = gated;
      o[1] = total;
      o[2] = lra;
      o[3] = sp;
      o[4] = tp;
      o[5] = (double) bad;
    }
    __syncthreads();  // the histograms are zeroed for the next recording only after every read
  }
}

// ---------------------------------------------------------------------------------------------
// The maxima over every window position (hop of one sample): one thread per run of runSubs window
// starts q (sub-blocks) of one recording and one window kind, skipped unless loudness_gating
// flagged it. The window starting at q sub + rho is
//     C_q + D_q(rho),  C_q = sum of sub-blocks q .. q + K - 1,
//     D_q(rho) = sum over i < rho of e[(q + K) sub + i] - e[q sub + i],
// with e the channel-weighted squared K-weighted signal. Two filter streams, A at the window's
// start and B at its end, run in step; each restarts from zero state `warm` frames early as in
// loudness_chunks, so both equal the serial filter to double precision. D is re-set at every
// sub-block (so rounding cannot drift beyond 100 ms, as MeterEngine re-sets its running sums).
// Windows must lie inside the signal: (q + K) sub + rho <= frames.
// Per thread and tile of MAX_TILE steps, channel by channel: the channel's two filter states are
// read from and written back to local memory once per tile.

#define MAX_TILE 32
#define MAX_CHANNELS 24

__device__ __forceinline__ void kstep(double xv, double& s1, double& s2, double& t1, double& t2, double& y,
    double b0, double b1, double b2, double a1, double a2, double c1, double c2) {
  const double y1 = b0 * xv + s1;
  s1 = b1 * xv - a1 * y1 + s2;
  s2 = b2 * xv - a2 * y1;
  y = y1 + t1;
  t1 = -2.0 * y1 - c1 * y + t2;
  t2 = y1 - c2 * y;
}

__device__ __forceinline__ double sample_or_zero(const float* x, long long i) {
  const float v = x[i];
  return finite_f(v) ? (double) v : 0.0;
}

extern "C" __global__ void loudness_maxima(
    const float* __restrict__ samples,
    const long long* __restrict__ offset,
    const double* __restrict__ coef,
    const int* __restrict__ rate,
    const int* __restrict__ warm,
    const double* __restrict__ trackWeight,
    const int* __restrict__ recTrack0,
    const int* __restrict__ recChannels,
    const long long* __restrict__ recFrames,
    const int* __restrict__ recSub,
    const long long* __restrict__ recSubBase,
    const int* __restrict__ mxRec,
    const int* __restrict__ mxKind,
    const int* __restrict__ mxRun,
    int totalRuns,
    int runSubs,
    const double* __restrict__ wsum,
    const int* __restrict__ flags,
    unsigned long long* __restrict__ maxBits) {
  const int g = blockIdx.x * blockDim.x + threadIdx.x;
  if (g >= totalRuns || !flags[g]) return;
  const int r = mxRec[g];
  const int K = mxKind[g] == 0 ? 4 : 30;
  const int t0 = recTrack0[r];
  const int ch = recChannels[r];
  const long long frames = recFrames[r];
  const long long sub = recSub[r];
  const long long complete = frames / sub;
  const long long qFirst = (long long) mxRun[g] * runSubs;
  const long long qLast = qFirst + runSubs - 1 < complete - K ? qFirst + runSubs - 1 : complete - K;
  const long long startA = qFirst * sub, startB = (qFirst + K) * sub;
  const long long steps = (qLast - qFirst + 1) * sub;
  const int wu = warm[t0];
  const long long fromA = startA - wu > 0 ? startA - wu : 0;
  const long long fromB = startB - wu > 0 ? startB - wu : 0;
  const double* cf = coef + 7 * rate[t0];
  const double b0 = cf[0], b1 = cf[1], b2 = cf[2], a1 = cf[3], a2 = cf[4], c1 = cf[5], c2 = cf[6];
  const double* w = wsum + recSubBase[r];

  // Warm-ups, channel by channel; startB <= complete sub <= frames, so every read is inside.
  double st[MAX_CHANNELS][8];
  for (int c = 0; c < ch; c++) {
    const float* x = samples + offset[t0 + c];
    double s1 = 0, s2 = 0, u1 = 0, u2 = 0, y;
    for (long long i = fromA; i < startA; i++) kstep(sample_or_zero(x, i), s1, s2, u1, u2, y, b0, b1, b2, a1, a2, c1, c2);
    st[c][0] = s1; st[c][1] = s2; st[c][2] = u1; st[c][3] = u2;
    s1 = 0; s2 = 0; u1 = 0; u2 = 0;
    for (long long i = fromB; i < startB; i++) kstep(sample_or_zero(x, i), s1, s2, u1, u2, y, b0, b1, b2, a1, a2, c1, c2);
    st[c][4] = s1; st[c][5] = s2; st[c][6] = u1; st[c][7] = u2;
  }

  double best = 0.0, C = 0.0, D = 0.0;
  long long q = qFirst, rho = 0;
  bool done = false;
  for (long long j0 = 0; j0 < steps && !done; j0 += MAX_TILE) {
    const int m = steps - j0 < MAX_TILE ? (int) (steps - j0) : MAX_TILE;
    double d[MAX_TILE];
#pragma unroll
    for (int i = 0; i < MAX_TILE; i++) d[i] = 0.0;
    for (int c = 0; c < ch; c++) {
      const float* x = samples + offset[t0 + c];
      const double wc = trackWeight[t0 + c];
      double sa1 = st[c][0], sa2 = st[c][1], ua1 = st[c][2], ua2 = st[c][3];
      double sb1 = st[c][4], sb2 = st[c][5], ub1 = st[c][6], ub2 = st[c][7];
#pragma unroll
      for (int i = 0; i < MAX_TILE; i++) {
        if (i < m) {
          const long long pb = startB + j0 + i;
          double ya, yb;
          kstep(sample_or_zero(x, startA + j0 + i), sa1, sa2, ua1, ua2, ya, b0, b1, b2, a1, a2, c1, c2);
          kstep(pb < frames ? sample_or_zero(x, pb) : 0.0, sb1, sb2, ub1, ub2, yb, b0, b1, b2, a1, a2, c1, c2);
          d[i] += wc * (yb * yb - ya * ya);
        }
      }
      st[c][0] = sa1; st[c][1] = sa2; st[c][2] = ua1; st[c][3] = ua2;
      st[c][4] = sb1; st[c][5] = sb2; st[c][6] = ub1; st[c][7] = ub2;
    }
#pragma unroll
    for (int i = 0; i < MAX_TILE; i++) {
      if (i < m && !done) {
        if (rho == 0) {
          C = 0.0;
          for (int k = 0; k < K; k++) C += w[q + k];
          D = 0.0;
        }
        if ((q + K) * sub + rho > frames) {
          done = true;  // this and every later window reaches past the end
        } else {
          best = fmax(best, C + D);
          D += d[i];
          if (++rho == sub) {
            rho = 0;
            q++;
          }
        }
      }
    }
  }
  atomicMax(&maxBits[2 * r + mxKind[g]], (unsigned long long) __double_as_longlong(fmax(0.0, best)));
}
