// A minimal CUDA emulation for running a kernel source on the CPU in tests (KernelEmulationTest):
// one block at a time, one std::thread per CUDA thread, a std::barrier per warp for __syncwarp and
// the shuffles. Enough for loudness.cu (no block-wide barriers, no atomics). Not a performance tool.
#pragma once
#include <barrier>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#define __global__
#define __device__
#define __forceinline__ inline
#define __constant__
#define __shared__ static

struct emu_dim3 { unsigned x = 0, y = 0, z = 0; };
inline thread_local emu_dim3 threadIdx, blockIdx;
inline emu_dim3 blockDim, gridDim;

inline std::vector<std::unique_ptr<std::barrier<>>> emu_warp_bars;
inline long long emu_xchg_ll[1024];
inline float emu_xchg_f[1024];

inline void __syncwarp(unsigned = 0xffffffffu) { emu_warp_bars[threadIdx.x / 32]->arrive_and_wait(); }

inline long long __shfl_xor_sync(unsigned, long long v, int o) {
  emu_xchg_ll[threadIdx.x] = v;
  __syncwarp();
  long long r = emu_xchg_ll[(threadIdx.x & ~31u) | ((threadIdx.x & 31u) ^ (unsigned) o)];
  __syncwarp();
  return r;
}

inline float __shfl_xor_sync(unsigned, float v, int o) {
  emu_xchg_f[threadIdx.x] = v;
  __syncwarp();
  float r = emu_xchg_f[(threadIdx.x & ~31u) | ((threadIdx.x & 31u) ^ (unsigned) o)];
  __syncwarp();
  return r;
}

inline unsigned __float_as_uint(float f) { unsigned u; std::memcpy(&u, &f, 4); return u; }
inline int __float_as_int(float f) { int u; std::memcpy(&u, &f, 4); return u; }
inline float __int_as_float(int i) { float f; std::memcpy(&f, &i, 4); return f; }
using std::fabs;
using std::fmax;

// Runs kernel(args...) over a 1-D grid, one block at a time.
template <typename F>
void emu_launch(unsigned grid, unsigned block, F kernel) {
  gridDim = {grid, 1, 1};
  blockDim = {block, 1, 1};
  emu_warp_bars.clear();
  for (unsigned w = 0; w < (block + 31) / 32; w++) emu_warp_bars.push_back(std::make_unique<std::barrier<>>(32));
  for (unsigned b = 0; b < grid; b++) {
    std::vector<std::thread> ts;
    for (unsigned t = 0; t < block; t++) {
      ts.emplace_back([=] {
        threadIdx = {t, 0, 0};
        blockIdx = {b, 0, 0};
        kernel();
      });
    }
    for (auto& t : ts) t.join();
  }
}
