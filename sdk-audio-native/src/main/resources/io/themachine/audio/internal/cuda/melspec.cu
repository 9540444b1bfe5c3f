// Log-mel and MFCC for a batch of clips resident on the device, in three steps around cuFFT:
//   1. mel_frames: centred framing (librosa `center=True`: n_fft / 2 samples of padding each side,
//      zeros for pad_mode "constant", numpy "reflect" without the edge for torchaudio), times the
//      window (periodic Hann of win_length, zero-padded to n_fft and centred, as librosa and
//      torch.stft do), written as n_fft floats per frame: the input of a batched R2C cufftPlanMany.
//   2. cuFFT R2C (host side), n_fft / 2 + 1 complexes per frame.
//   3. mel_bands: |X|^power (power 2: re^2 + im^2; power 1: magnitude) into shared memory, then the
//      sparse mel filter bank (each band a run of consecutive bins with weights, the non-zeros of
//      the dense librosa / torchaudio matrix), then the log step:
//        mode 0: none (power mel);
//        mode 1: 10 log10(max(S, amin)) - 10 log10(max(amin, ref))  (librosa power_to_db; the
//                top_db floor needs the clip's maximum and runs in mel_top_db);
//        mode 2: ln(S + offset)  (the usual "log-mel" of torchaudio pipelines).
//      Output per clip is row-major n_mels x frames, like librosa's (n_mels, t).
//   4. mel_clip_max + mel_top_db: the per-clip maximum (an atomicMax on ordered float bits) and the
//      floor max - top_db (librosa power_to_db).
//   5. mfcc_dct: c[k][t] = sum_m D[k][m] logmel[m][t] with D the orthonormal DCT-II (librosa
//      default norm="ortho"), built on the host in double.

// Dynamic shared memory, spelled through a macro so that the CPU emulation in the tests can supply it.
#ifndef DYNAMIC_SHARED
#define DYNAMIC_SHARED(type, name) extern __shared__ type name[]
#endif

__device__ __forceinline__ long long reflect_index(long long i, long long n) {
  // numpy "reflect" (edge not repeated); valid when the pad is shorter than n, checked on the host.
  if (i < 0) i = -i;
  if (i >= n) i = 2 * (n - 1) - i;
  return i;
}

// One block per frame of this pass (frames frameBase + blockIdx.x). frameClip[f] is the frame's clip; clipFrameBase[c] its first frame.
extern "C" __global__ void mel_frames(
    const float* __restrict__ samples,
    const long long* __restrict__ clipOffset,
    const long long* __restrict__ clipLength,
    const int* __restrict__ clipFrameBase,
    const int* __restrict__ frameClip,
    const float* __restrict__ window,
    int nFft, int hop, int center, int reflect, int frameBase,
    float* __restrict__ frames) {
  const int f = frameBase + blockIdx.x;
  const int c = frameClip[f];
  const long long t = f - clipFrameBase[c];
  const long long n = clipLength[c];
  const float* x = samples + clipOffset[c];
  const long long first = t * hop - (center ? nFft / 2 : 0);
  float* out = frames + (long long) blockIdx.x * nFft;
  for (int k = threadIdx.x; k < nFft; k += blockDim.x) {
    long long i = first + k;
    float v;
    if (i >= 0 && i < n) v = x[i];
    else if (reflect && n > 1) v = x[reflect_index(i, n)];
    else v = 0.0f;
    out[k] = v * window[k];
  }
}

// One block per frame; dynamic shared memory holds bins floats. bandStart/bandLen/bandWeightBase
// describe the sparse filter bank; weights are consecutive per band.
extern "C" __global__ void mel_bands(
    const float* __restrict__ spectrum,   // interleaved complex, bins per frame
    int bins,
    float power,
    const int* __restrict__ bandStart,
    const int* __restrict__ bandLen,
    const int* __restrict__ bandWeightBase,
    const float* __restrict__ weights,
    int nMels,
    const int* __restrict__ frameClip,
    const int* __restrict__ clipFrameBase,
    const int* __restrict__ clipFrames,
    const long long* __restrict__ clipOutBase,
    int mode, float amin, float refDb, float offset, int frameBase,
    float* __restrict__ out) {
  DYNAMIC_SHARED(float, p);
  const int f = frameBase + blockIdx.x;
  const float* X = spectrum + 2LL * bins * blockIdx.x;
  for (int k = threadIdx.x; k < bins; k += blockDim.x) {
    const float re = X[2 * k], im = X[2 * k + 1];
    const float pw = re * re + im * im;
    p[k] = power == 2.0f ? pw : (power == 1.0f ? sqrtf(pw) : powf(pw, 0.5f * power));
  }
  __syncthreads();
  const int c = frameClip[f];
  const int t = f - clipFrameBase[c];
  const int nt = clipFrames[c];
  for (int m = threadIdx.x; m < nMels; m += blockDim.x) {
    const int s = bandStart[m], len = bandLen[m], wb = bandWeightBase[m];
    double acc = 0.0;
    for (int j = 0; j < len; j++) acc += (double) weights[wb + j] * (double) p[s + j];
    float v = (float) acc;
    if (mode == 1) v = 10.0f * log10f(fmaxf(v, amin)) - refDb;
    else if (mode == 2) v = logf(v + offset);
    out[clipOutBase[c] + (long long) m * nt + t] = v;
  }
}

// Ordered-int encoding so that atomicMax on ints orders floats (negative values included).
__device__ __forceinline__ int float_to_ordered(float v) {
  int i = __float_as_int(v);
  return i >= 0 ? i : i ^ 0x7fffffff;
}

__device__ __forceinline__ float ordered_to_float(int i) {
  return __int_as_float(i >= 0 ? i : i ^ 0x7fffffff);
}

// clipMax must be filled with float_to_ordered(-inf) = 0x807fffff before the launch.
extern "C" __global__ void mel_clip_max(
    const float* __restrict__ values, const long long* __restrict__ clipOutBase,
    const long long* __restrict__ clipValues, int* __restrict__ clipMax) {
  const int c = blockIdx.y;
  const long long n = clipValues[c];
  const float* v = values + clipOutBase[c];
  float m = -__int_as_float(0x7f800000);
  for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
    m = fmaxf(m, v[i]);
  }
#pragma unroll
  for (int o = 16; o > 0; o >>= 1) m = fmaxf(m, __shfl_xor_sync(0xffffffffu, m, o));
  if ((threadIdx.x & 31) == 0) atomicMax(clipMax + c, float_to_ordered(m));
}

extern "C" __global__ void mel_top_db(
    float* __restrict__ values, const long long* __restrict__ clipOutBase,
    const long long* __restrict__ clipValues, const int* __restrict__ clipMax, float topDb) {
  const int c = blockIdx.y;
  const long long n = clipValues[c];
  float* v = values + clipOutBase[c];
  const float floor = ordered_to_float(clipMax[c]) - topDb;
  for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
    v[i] = fmaxf(v[i], floor);
  }
}

// One thread per (clip frame, coefficient): grid.x over frames of all clips, threads over k.
extern "C" __global__ void mfcc_dct(
    const float* __restrict__ logmel, const double* __restrict__ dct, int nMels, int nMfcc,
    const int* __restrict__ frameClip, const int* __restrict__ clipFrameBase, const int* __restrict__ clipFrames,
    const long long* __restrict__ clipInBase, const long long* __restrict__ clipOutBase,
    float* __restrict__ out) {
  const int f = blockIdx.x;
  const int c = frameClip[f];
  const int t = f - clipFrameBase[c];
  const int nt = clipFrames[c];
  const float* in = logmel + clipInBase[c];
  for (int k = threadIdx.x; k < nMfcc; k += blockDim.x) {
    double acc = 0.0;
    for (int m = 0; m < nMels; m++) acc += dct[k * nMels + m] * (double) in[(long long) m * nt + t];
    out[clipOutBase[c] + (long long) k * nt + t] = (float) acc;
  }
}
